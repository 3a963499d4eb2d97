"""What a returning player's page no longer pays for: a cookie signed anew on every request,
URLs built anew, a prize query for a riddle without a prize."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for

from harzquiz import clock
from harzquiz.extensions import db
from harzquiz.models import Player, PrizeDraw
from harzquiz.web.template_helpers import known_url
from tests.factories import make_partner, make_riddle
from tests.helpers import text_of, verdict_of


def session_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]


def test_a_guests_unchanged_cookie_is_signed_anew_once_a_day(app, reader, monkeypatch):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    first = reader.guess(riddle.slug, "Boje")  # makes the guest: a new cookie
    assert session_cookies(first)
    assert "Expires=" in session_cookies(first)[0]  # permanent: the guest's year
    assert session_cookies(reader.client.get(f"/raetsel/{riddle.slug}")) == []
    assert session_cookies(reader.guess(riddle.slug, "Tonne")) == []  # the session is as it was
    day_later = clock.wall_seconds() + app.config["SESSION_REFRESH_SECONDS"] + 1
    monkeypatch.setattr(clock, "wall_seconds", lambda: day_later)
    refreshed = session_cookies(reader.open(f"/raetsel/{riddle.slug}"))
    assert refreshed and "Expires=" in refreshed[0]
    # ...and the refreshed cookie is still this guest's: no second guest is made
    assert verdict_of(text_of(reader.guess(riddle.slug, "Kugelgrill"))) == "correct"
    monkeypatch.undo()
    assert db.session.scalar(sa.select(sa.func.count(Player.id))) == 1


def test_a_changed_session_is_always_saved(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje")
    answer = reader.guess(riddle.slug, "Grill", htmx=False)  # the feedback waits in the session
    assert answer.status_code == 303 and session_cookies(answer)
    shown = reader.client.get(f"/raetsel/{riddle.slug}")  # and is taken out again
    assert session_cookies(shown)


def test_known_urls_are_the_urls_url_for_builds(app):
    cases = [
        ("riddles.riddle_page", {"slug": "boje"}),
        ("riddles.guess", {"slug": "boje"}),
        ("auth.login", {"next": "/raetsel/boje?x=1"}),
        ("riddles.confirm_reveal", {"slug": "boje", "next": "/", "_anchor": "reveal-boje"}),
        ("riddles.riddle_page", {"slug": "boje", "_external": True}),
    ]
    for host in ("http://localhost/", "https://127.0.0.1/"):
        with app.test_request_context("/", base_url=host):
            for endpoint, values in cases * 2:  # the second time from memory
                assert known_url(endpoint, **values) == url_for(endpoint, **values)
    with app.test_request_context("/", base_url="https://127.0.0.1/"):
        external = known_url("riddles.riddle_page", slug="boje", _external=True)
        assert external.startswith("https://127.0.0.1/")  # not the first host's, remembered


def test_embed_urls_are_built_per_request(app, client):
    partner = make_partner()
    riddle = make_riddle()
    pages = [text_of(client.get(f"/embed/{partner.embed_key}/")) for _ in range(2)]
    assert all(f"/embed/{partner.embed_key}/raetsel/{riddle.slug}/raten" in p for p in pages)
    assert not any(key[0].startswith("embed.") for key in app.extensions["harzquiz.known_urls"])


def test_a_riddle_without_a_prize_costs_no_prize_query(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje")  # a player: pages are theirs, not the shared copy
    reader.client.get(f"/raetsel/{riddle.slug}")  # learns which riddles have a draw
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert reader.client.get(f"/raetsel/{riddle.slug}").status_code == 200
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert statements, "the page read nothing: it was not a player's page"
    assert not [s for s in statements if PrizeDraw.__tablename__ in s]
