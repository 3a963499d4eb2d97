"""Whole-page cache for readers who have no state of their own yet (the Monday-morning burst).

A reader without a player, feedback or flash messages sees exactly what every other such
reader sees, except the CSRF token. So the rendered page is kept per process with the token
cut out, keyed by scheme and host, path, htmx-ness and language, and tagged with the points
and content stamps (caching.stamps, moved by caching.listener): a solve, quiz answer, rename
or merge anywhere, or an editor's save, close or import, empties it on the next request,
like the boards. Entries are also dropped at the next publish or close moment of any riddle,
and after PAGE_CACHE_SECONDS (caching.store's time limit: a bound for changes written past
the app, e.g. by hand in SQL; every action is still checked live). Every other reader of
these pages on the main site gets the page's shell with their own parts rendered in
(caching.shells).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from flask import Response, current_app, make_response, request, session
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf

from harzquiz import clock
from harzquiz.caching import stamps
from harzquiz.caching.shells import TOKEN_HOLE, Slot, offer_slot, withdraw_slot
from harzquiz.caching.store import VersionedCache, named_cache
from harzquiz.services.catalog import next_lifecycle_change
from harzquiz.services.crossword_catalog import next_crossword_change
from harzquiz.web.htmx import current_url_header, page_path, wants_partial

# What a reader without state of their own may have in the session: a CSRF token, a language,
# and Flask-Login's freshness mark (set for every session it inspects; no user without _user_id).
ANONYMOUS_KEYS = {"csrf_token", "lang", "_fresh"}


@dataclass(frozen=True)
class Entry:
    """A rendered page with its CSRF token cut out."""

    valid_until: datetime | None  # the next publish or close time: lifecycle changes then
    status: int
    body: str
    headers: list[tuple[str, str]]


def _pages() -> VersionedCache:
    """This app's shared pages (per app: pages depend on its config)."""
    return named_cache(current_app.extensions, "harzquiz.pages", 500)


def _shareable() -> bool:
    """A GET on the main site with caching on: the page may come from a shell (shells.py)."""
    return (
        request.method == "GET"
        and current_app.config["PAGE_CACHE_SECONDS"] > 0
        # Partner embeds carry the reader's own signed session token in their URLs (for
        # browsers that block the partitioned cookie): never one reader's page for another.
        and request.blueprint != "embed"
    )


def _cacheable() -> bool:
    """A shareable GET by a reader with nothing of their own in the session."""
    return (
        _shareable()
        and set(session.keys()) <= ANONYMOUS_KEYS
        # A "remember me" cookie logs its reader in during the view: not anonymous.
        and current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") not in request.cookies
    )


def _key() -> tuple:
    req = request._get_current_object()  # type: ignore[attr-defined]  # one context look-up
    partial = wants_partial()
    return (
        # Scheme and host go into absolute links (the oEmbed discovery link): a page made
        # for one host (all trusted: TRUSTED_HOSTS) is never served for another. The parts
        # of request.host_url, which would build and IRI-decode a URL on every request.
        req.scheme,
        req.host,
        req.root_path,
        req.full_path,
        partial,
        current_url_header() if partial else "",
        # The page the reader is on, as templates see it (`next` fields, the language
        # switch): a boosted htmx navigation names it in HX-Current-URL too.
        page_path(),
        get_locale().language,
    )


def _serve(entry: Entry) -> Response:
    response = make_response(entry.body.replace(TOKEN_HOLE, generate_csrf()), entry.status)
    response.headers.clear()
    response.headers.extend(entry.headers)
    return response


def _valid_until() -> datetime | None:
    """The next publish or close moment: what the page shows may change then."""
    now = clock.now()
    changes = (next_lifecycle_change(now), next_crossword_change(now))  # riddles, crosswords
    return min((moment for moment in changes if moment is not None), default=None)


def _store(response: Response, valid_until: datetime | None) -> Entry | None:
    """The response with this reader's token cut out, or None if it must not be shared."""
    if response.status_code != 200 or response.direct_passthrough or not _cacheable():
        return None
    body = response.get_data(as_text=True)
    token = generate_csrf()
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    return Entry(
        valid_until=valid_until,
        status=200,
        body=body.replace(token, TOKEN_HOLE),
        headers=headers,
    )


def _fresh(entry: Entry) -> bool:
    """No publish or close moment has passed since the page was kept."""
    return entry.valid_until is None or clock.now() < entry.valid_until


def _version() -> str | None:
    """Both stamps a shared page depends on (None, i.e. no caching, if either is missing)."""
    points = stamps.current_version(stamps.POINTS)
    content = stamps.current_version(stamps.CONTENT)
    return None if points is None or content is None else f"{points}/{content}"


def shared_page(view: Callable) -> Callable:
    """Serve this GET view from the page cache to readers without state of their own."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not _shareable():
            return view(*args, **kwargs)
        version = _version()
        key = _key()
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        cacheable = _cacheable()
        if cacheable:
            entry = _pages().recall(version, key)
            if isinstance(entry, Entry) and _fresh(entry):  # MISSING: none, or past its time
                return _serve(entry)
        if version is not None:
            offer_slot(Slot(version, key, seconds, _valid_until))
        try:
            response = make_response(view(*args, **kwargs))
        finally:
            withdraw_slot()
        if cacheable:
            stored = _store(response, _valid_until())
            if stored is not None:
                _pages().keep(version, key, stored, seconds)
        return response

    return wrapper
