"""Error pages in the site's layout, and as partials for htmx requests."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, SecurityError

from harzquiz.extensions import db
from harzquiz.web.htmx import render, wants_partial

log = logging.getLogger(__name__)

TITLES = {
    400: _l("Ungültige Anfrage"),
    403: _l("Kein Zugriff"),
    404: _l("Seite nicht gefunden"),
    405: _l("Methode nicht erlaubt"),
    413: _l("Anfrage zu groß"),
    429: _l("Zu viele Anfragen"),
    500: _l("Interner Fehler"),
    503: _l("Kurz überlastet"),
}
MESSAGES = {
    400: _l("Die Anfrage war unvollständig oder abgelaufen. Bitte lade die Seite neu."),
    403: _l("Dafür fehlen dir die Rechte."),
    404: _l("Diese Seite gibt es nicht (mehr)."),
    405: _l("So kann diese Adresse nicht aufgerufen werden."),
    413: _l("Die gesendeten Daten sind zu groß."),
    429: _l("Zu viele Anfragen in kurzer Zeit. Bitte warte einen Moment."),
    500: _l("Da ist bei uns etwas schiefgegangen. Bitte versuche es später noch einmal."),
    503: _l(
        "Gerade wollen sehr viele gleichzeitig mitmachen. Es wurde nichts gespeichert – "
        "bitte versuche es in ein paar Sekunden noch einmal."
    ),
}
UNTRUSTED_HOST = (
    "Diese Adresse gehört nicht zu dieser Seite.\nThis host name does not belong to this site.\n"
)
# How long a client should wait after a 503 (busy database) before trying again.
RETRY_AFTER_SECONDS = 5
# Database errors that pass by themselves: a lock not granted in time, a transaction rolled
# back by PostgreSQL (serialization, deadlock), a statement cancelled, no connection.
SQLITE_BUSY = ("database is locked", "database is busy")


def database_busy(error: OperationalError) -> bool:
    """Whether a database error is transient (503, try again) rather than a bug (500)."""
    if error.connection_invalidated:
        return True
    original = error.orig
    if any(text in str(original).lower() for text in SQLITE_BUSY):
        return True
    try:
        from psycopg import OperationalError as PgOperationalError
        from psycopg import errors as pg
    except ImportError:  # pragma: no cover - psycopg is the [postgres] extra
        return False
    transient = (pg.LockNotAvailable, pg.QueryCanceled, pg.TransactionRollback)
    # psycopg raises its bare OperationalError when it cannot connect at all.
    return isinstance(original, transient) or type(original) is PgOperationalError


def log_error(code: int, level: int = logging.INFO, exc_info: bool = False) -> None:
    """One log line per error response, carrying the request id (also as a record field)."""
    request_id = g.get("request_id", "-")
    log.log(
        level,
        "%s %s -> %s [request %s]",
        request.method,
        request.path,
        code,
        request_id,
        exc_info=exc_info,
        extra={"request_id": request_id},
    )


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


def log_refusals(response):
    """after_request hook: one log line for every 4xx, whichever handler rendered it.

    (The riddle actions answer their own 400/429 with feedback; 5xx are logged where they
    are handled, with the traceback.)"""
    if 400 <= response.status_code < 500:
        log_error(response.status_code)
    return response


def register_error_handlers(app: Flask) -> None:
    """Route every HTTP error and unexpected exception to render_error."""

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400)

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        # A Host (or X-Forwarded-Host) outside TRUSTED_HOSTS: no URL can be built for it,
        # so no page either; a short text in both languages.
        return Response(UNTRUSTED_HOST, 400, mimetype="text/plain")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        if error.code >= 500:
            log_error(error.code, logging.ERROR)
        return render_error(error.code)

    @app.errorhandler(OperationalError)
    def database_error(error: OperationalError):
        # SQLite's "database is locked" after the busy timeout, or PostgreSQL busy or gone
        # for a moment: the transaction was rolled back, so nothing was stored. Say so, and
        # when to try again, instead of a 500.
        db.session.rollback()
        if not database_busy(error):
            log_error(500, logging.ERROR, exc_info=True)
            return render_error(500)
        log_error(503, logging.WARNING, exc_info=True)
        response = render_error(503)
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log_error(500, logging.ERROR, exc_info=True)
        return render_error(500)
