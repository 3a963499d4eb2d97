"""Error pages in the site's layout, and as partials for htmx requests."""

from __future__ import annotations

import logging

from flask import Flask, g
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .htmx import render, wants_partial

log = logging.getLogger(__name__)

TITLES = {
    400: _l("Ungültige Anfrage"),
    403: _l("Kein Zugriff"),
    404: _l("Seite nicht gefunden"),
    405: _l("Methode nicht erlaubt"),
    413: _l("Anfrage zu groß"),
    429: _l("Zu viele Anfragen"),
    500: _l("Interner Fehler"),
}
MESSAGES = {
    400: _l("Die Anfrage war unvollständig oder abgelaufen. Bitte lade die Seite neu."),
    403: _l("Dafür fehlen dir die Rechte."),
    404: _l("Diese Seite gibt es nicht (mehr)."),
    405: _l("So kann diese Adresse nicht aufgerufen werden."),
    413: _l("Die gesendeten Daten sind zu groß."),
    429: _l("Zu viele Anfragen in kurzer Zeit. Bitte warte einen Moment."),
    500: _l("Da ist bei uns etwas schiefgegangen. Bitte versuche es später noch einmal."),
}


def render_error(code: int):
    """The error page for `code`, or its partial under htmx (shown in the page's alert area,
    so the element that asked is not replaced by an error). 500s carry the request id."""
    response = render(
        "errors/error.html",
        "errors/_error.html",
        status=code,
        code=code,
        title=TITLES.get(code, TITLES[500]),
        message=MESSAGES.get(code, MESSAGES[500]),
        request_id=g.get("request_id", "") if code >= 500 else "",
    )
    if wants_partial():
        response.headers["HX-Retarget"] = "#htmx-alerts"
        response.headers["HX-Reswap"] = "innerHTML"
    return response


def register_error_handlers(app: Flask) -> None:
    """Route every HTTP error and unexpected exception to render_error."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        log.info("CSRF refused [%s]: %s", g.get("request_id"), error.description)
        return render_error(400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        return render_error(error.code)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("Unhandled error [%s]", g.get("request_id"))
        return render_error(500)
