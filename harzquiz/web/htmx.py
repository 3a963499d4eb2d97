"""The one helper that decides between a full page and the partial that page includes."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, abort, make_response, request
from werkzeug.exceptions import RequestEntityTooLarge

from harzquiz.caching.shells import render_page
from harzquiz.web.kept_parts import render_answer
from harzquiz.web.vary import add_vary

# Control characters (CR/LF above all) cannot go into a Location header.
CONTROL = frozenset(map(chr, [*range(0x20), 0x7F]))


# The htmx headers as WSGI environ keys. These helpers run several times per page, so they
# read the environ directly: `request.headers.get` of a missing header raises and catches
# a KeyError (werkzeug builds a BadRequestKeyError) each time. Same values: EnvironHeaders
# reads exactly these keys.
HX_REQUEST = "HTTP_HX_REQUEST"
HX_BOOSTED = "HTTP_HX_BOOSTED"
HX_CURRENT_URL = "HTTP_HX_CURRENT_URL"


def wants_partial() -> bool:
    """True for an htmx request that swaps a fragment (not a boosted page navigation)."""
    environ = request.environ
    return environ.get(HX_REQUEST) == "true" and not environ.get(HX_BOOSTED)


def current_url_header() -> str:
    """The HX-Current-URL header, or ""."""
    return request.environ.get(HX_CURRENT_URL, "")


def render(page: str, partial: str, status: int = 200, **context) -> Response:
    """Render `partial` for htmx, else the full `page` that includes it; both vary on HX-Request."""
    # For htmx: kept per state when the partial is registered (web/kept_parts.py). Else
    # render_page: from a kept shell on the pages shared_page wraps, else render_template.
    html = render_answer(partial, context) if wants_partial() else render_page(page, **context)
    response = make_response(html, status)
    add_vary(response, "HX-Request")
    return response


def malformed_url(value: str) -> bool:
    """Whether a URL from the client cannot be a URL at all: control characters (a CR/LF
    would split the Location header), or a shape urlsplit refuses (``http://[::1``)."""
    if not CONTROL.isdisjoint(value):
        return True
    try:
        urlsplit(value)
    except ValueError:
        return True
    return False


def _next_values() -> list[str]:
    """Every `next` in the query and the form (the first one is used)."""
    req = request._get_current_object()  # type: ignore[attr-defined]  # one context look-up
    if req.method == "GET" and not req.query_string:
        # A GET's values are its query string alone (werkzeug reads no form for GET):
        # without one there is no `next`, and request.values would parse two empty dicts.
        return []
    try:
        return req.values.getlist("next")
    except RequestEntityTooLarge:
        return []  # the body was refused unread; the 413 page must not parse it again


def refuse_malformed_urls() -> None:
    """before_request: a `next` or HX-Current-URL that is no URL at all is a 400, before
    CSRF, limits or the view, so a refused request stores nothing (a guess with such a
    `next` used to be stored before its redirect failed)."""
    given = [*_next_values(), current_url_header()]
    if any(malformed_url(value) for value in given if value):  # "" is no URL, but harmless
        abort(400)


def safe_next(default: str) -> str:
    """The local path in the `next` field or argument, else `default` (no open redirects)."""
    target = next(iter(_next_values()), "")
    if malformed_url(target):
        return default  # refused before the view; the error page still needs a path
    parts = urlsplit(target)
    local = target.startswith("/") and not target.startswith("//") and not parts.netloc
    return target if local and "\\" not in target else default


def page_path() -> str:
    """The path of the page the reader is on, for `next` fields and language links.

    A POST answer or an htmx fragment is not a page: use the posted `next`, or the
    page htmx reports in HX-Current-URL.
    """
    req = request._get_current_object()  # type: ignore[attr-defined]  # one context look-up
    if req.method != "GET":
        return safe_next("/")
    if req.environ.get(HX_REQUEST) == "true":
        header = req.environ.get(HX_CURRENT_URL, "")
        if malformed_url(header):
            return "/"  # refused before the view; the error page still needs a path
        current = urlsplit(header)
        if current.path.startswith("/") and not current.path.startswith("//"):
            return current.path + (f"?{current.query}" if current.query else "")
        return "/"
    return req.full_path.rstrip("?")
