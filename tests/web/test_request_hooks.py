"""The per-request hooks keep their promises on their fast paths (issue 14): the page cache
keeps pages per scheme and host, `next` and HX-Current-URL are still checked, request ids
stay fresh, CSRF still guards posts, a returning reader's page still varies on the cookie."""

from __future__ import annotations

import re
from functools import partial
from itertools import product
from urllib.parse import quote

from babel import Locale
from flask.sessions import SecureCookieSessionInterface
from werkzeug.wrappers import Response

from harzquiz import clock
from harzquiz.caching.store import VersionedCache, named_cache
from harzquiz.extensions import select_locale
from harzquiz.web.sessions import EmbedSession
from harzquiz.web.vary import add_vary
from tests.factories import make_riddle
from tests.helpers import new_reader, text_of

HOSTS = ("http://localhost", "https://localhost", "http://127.0.0.1")


def vary_of(response) -> list[str]:
    return [part.strip().lower() for part in response.headers.get("Vary", "").split(",")]


def test_a_shared_page_is_kept_per_scheme_and_host(app):
    riddle = make_riddle()
    path = f"/raetsel/{riddle.slug}"
    for _ in range(2):  # the second round comes from the page cache
        for base in HOSTS:
            page = text_of(app.test_client().get(path, base_url=base))
            assert f"{base}{path}" in page, base  # share and oEmbed links are absolute
            others = [host for host in HOSTS if host != base]
            assert not any(f"{host}{path}" in page for host in others), base


def test_a_get_with_a_malformed_next_in_its_query_is_refused(client):
    assert client.get("/").status_code == 200
    for target in ("/raetsel\r\nSet-Cookie: x=1", "http://[::1"):
        assert client.get(f"/?next={quote(target)}").status_code == 400, target
    assert client.get("/?next=/raetsel").status_code == 200


def test_a_get_with_a_malformed_current_url_is_refused(client):
    response = client.get("/", headers={"HX-Request": "true", "HX-Current-URL": "http://["})
    assert response.status_code == 400


def test_every_request_gets_a_fresh_request_id(client):
    ids = [client.get("/").headers["X-Request-ID"] for _ in range(20)]
    assert all(re.fullmatch(r"[0-9a-f]{16}", given) for given in ids), ids
    assert len(set(ids)) == len(ids)


def test_a_given_request_id_is_sent_back_once(client):
    response = client.get("/", headers={"X-Request-ID": "edge-1"})
    assert response.headers.getlist("X-Request-ID") == ["edge-1"]


def test_a_post_without_its_csrf_token_is_still_refused(app):
    riddle = make_riddle()
    reader = new_reader(app, f"/raetsel/{riddle.slug}")
    response = reader.client.post(f"/raetsel/{riddle.slug}/raten", data={"guess": "Brocken"})
    assert response.status_code == 400


def test_a_returning_readers_page_varies_on_the_cookie_without_a_new_one(app):
    riddle = make_riddle()
    reader = new_reader(app, f"/raetsel/{riddle.slug}")
    assert reader.guess(riddle.slug, "Erster Versuch").status_code == 200
    response = reader.client.get(f"/raetsel/{riddle.slug}")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # signed less than a day ago
    assert vary_of(response).count("cookie") == 1, vary_of(response)
    partial = reader.client.get("/rangliste", headers={"HX-Request": "true"})  # htmx.render
    vary = vary_of(partial)
    assert vary.count("cookie") == 1 and vary.count("hx-request") == 1, vary


def test_an_unchanged_session_is_saved_as_flask_would_save_it(app):
    """The shortcut for sessions that write no cookie gives Flask's own answer: the same
    Vary, a cookie exactly when Flask would set one (here: changed, or due for a refresh)."""
    interface = app.session_interface
    flasks = partial(SecureCookieSessionInterface.save_session, interface)
    contents = ({}, {"player_id": 1, "_permanent": True}, {"player_id": 1})
    signed = (int(clock.wall_seconds()), None)  # None: age unknown, so due for a refresh
    with app.test_request_context("/"):
        for content, accessed, modified, signed_at in product(
            contents, (False, True), (False, True), signed
        ):
            answers = []
            for save in (interface.save_session, flasks):
                session = EmbedSession(content)
                session.accessed, session.modified = accessed, modified
                session.signed_at = signed_at
                response = Response("x")
                save(app, session, response)
                answers.append((response.headers.get("Vary"), "Set-Cookie" in response.headers))
            assert answers[0] == answers[1], (content, accessed, modified, signed_at)


def test_add_vary_appends_each_name_once():
    response = Response("x")
    add_vary(response, "HX-Request")
    assert response.headers["Vary"] == "HX-Request"
    add_vary(response, "Cookie")
    add_vary(response, "cookie")
    assert response.headers["Vary"] == "HX-Request, Cookie"
    response.headers["Vary"] = "Accept-Encoding,HX-Request"
    add_vary(response, "hx-request")
    assert response.headers["Vary"] == "Accept-Encoding,HX-Request"


def test_add_vary_makes_the_header_werkzeug_makes():
    for existing in (None, "", "HX-Request", "Accept-Encoding, Cookie", "*"):
        ours, theirs = Response("x"), Response("x")
        if existing is not None:
            ours.headers["Vary"] = theirs.headers["Vary"] = existing
        add_vary(ours, "Cookie")
        theirs.vary.add("Cookie")
        assert ours.headers.get("Vary") == theirs.headers.get("Vary"), existing


def test_named_cache_is_made_once_per_name():
    extensions: dict = {}
    pages = named_cache(extensions, "pages", 5)
    assert isinstance(pages, VersionedCache) and pages.max_entries == 5
    assert named_cache(extensions, "pages", 5) is pages
    assert named_cache(extensions, "shells", 5) is not pages


def test_select_locale_reuses_one_parsed_locale_per_language(app):
    with app.test_request_context("/"):
        german = select_locale()
        assert isinstance(german, Locale) and str(german) == "de"
        assert select_locale() is german
    with app.test_request_context("/"):
        from flask import session

        session["lang"] = "en"
        english = select_locale()
        assert str(english) == "en_GB"  # British dates for English readers
        assert select_locale() is english
