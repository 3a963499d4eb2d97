"""The one helper that decides between a full page and the partial that page includes."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, make_response, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge


def wants_partial() -> bool:
    """True for an htmx request that swaps a fragment (not a boosted page navigation)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def render(page: str, partial: str, status: int = 200, **context) -> Response:
    """Render `partial` for htmx, else the full `page` that includes it; both vary on HX-Request."""
    template = partial if wants_partial() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response


def safe_next(default: str) -> str:
    """The local path in the `next` field or argument, else `default` (no open redirects)."""
    try:
        target = request.values.get("next", "")
    except RequestEntityTooLarge:
        target = ""  # the body was refused unread; the 413 page must not parse it again
    parts = urlsplit(target)
    local = target.startswith("/") and not target.startswith("//") and not parts.netloc
    return target if local and "\\" not in target else default


def page_path() -> str:
    """The path of the page the reader is on, for `next` fields and language links.

    A POST answer or an htmx fragment is not a page: use the posted `next`, or the
    page htmx reports in HX-Current-URL.
    """
    if request.method != "GET":
        return safe_next("/")
    if request.headers.get("HX-Request") == "true":
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.path.startswith("/") and not current.path.startswith("//"):
            return current.path + (f"?{current.query}" if current.query else "")
        return "/"
    return request.full_path.rstrip("?")
