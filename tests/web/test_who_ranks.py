"""Who ranks (docs/rules.md "Who ranks"): the public boards list confirmed accounts only;
guests and unconfirmed accounts play and see where they would stand; BOARD_RANKS=everyone
keeps the old behaviour."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from harzquiz import create_app
from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.services import totals
from harzquiz.services.leaderboard import Period, period_key, top_rows
from tests.clients import Reader
from tests.database import base_config
from tests.factories import (
    NOW,
    make_account,
    make_article,
    make_closed_riddle,
    make_partner,
    make_player,
    make_riddle,
    make_solve,
)
from tests.helpers import HTMX, text_of

WOULD_STAND = "Du wärst auf Platz {rank} – registriere dich, um in der Rangliste zu erscheinen."
BOARD = re.compile(r'<section class="leaderboard".*?</section>', re.S)


@pytest.fixture
def app_config() -> dict:
    """The site's default: only confirmed accounts rank."""
    return {**base_config(), "BOARD_RANKS": "accounts"}


@pytest.fixture
def world(app):
    """A live riddle with an article, a partner, six confirmed accounts with 1000 points
    each, and an unconfirmed account with more (which must not count either)."""
    riddle = make_riddle(slug="kugel")
    make_article(slug="artikel", riddle_id=riddle.id)
    old = make_closed_riddle(slug="alt")
    for n in range(6):
        make_solve(make_account(nickname=f"Konto {n}", email_confirmed_at=NOW), old, 1000, NOW)
    make_solve(make_account(nickname="Unbestaetigt"), old, 5000, NOW)
    return {"riddle": riddle, "partner": make_partner()}


def boards_html(app, partner) -> str:
    """Every public board (the tabs, the board beside a riddle and an article, the home page,
    the htmx partials, the embed's tabs) as a reader without cookies sees it."""
    client = app.test_client()
    paths = [
        "/",
        "/raetsel/kugel",
        "/artikel/artikel",
        *(f"/rangliste?zeitraum={p.value}" for p in Period),
        *(f"/embed/{partner.embed_key}/rangliste?zeitraum={p.value}" for p in Period),
        f"/embed/{partner.embed_key}/",
        f"/embed/{partner.embed_key}/raetsel/kugel",
    ]
    found = []
    for path in paths:
        for headers in ({}, HTMX):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, path
            boards = BOARD.findall(text_of(response))
            # htmx swaps of a riddle answer with its widget only; the embed's riddle has none
            board_page = "rangliste" in path or not (headers or "/embed/" in path)
            assert boards or not board_page, f"no board on {path}"
            found.extend(boards)
    return "\n".join(found)


def test_twenty_cookieless_guests_solve_and_none_is_on_any_board(app, world):
    for n in range(20):
        reader = Reader(app.test_client())  # a fresh visitor: no cookie of any earlier one
        reader.open("/raetsel/kugel")
        posted = reader.guess("kugel", "Kugelgrill", htmx=False)
        assert posted.status_code == 303
        page = text_of(reader.client.get("/raetsel/kugel"))
        # the feedback and the board beside the riddle both say where the guest would stand
        assert page.count(WOULD_STAND.format(rank=7)) == 2, n
        assert 'href="/registrieren?next=' in page
        assert text_of(reader.client.get("/rangliste")).count(WOULD_STAND.format(rank=7)) == 1
    db.session.rollback()
    guests = db.session.scalars(sa.select(Player).where(Player.email.is_(None))).all()
    assert len(guests) == 20
    html = boards_html(app, world["partner"])
    for guest in guests:
        assert guest.nickname not in html
    assert "Unbestaetigt" not in html
    assert all(f"Konto {n}" in html for n in range(6))
    for period in Period:
        listed = {row.nickname for row in top_rows(period_key(period, NOW), 100)}
        assert listed == {f"Konto {n}" for n in range(6)}


def test_a_listed_player_is_ranked_as_before(app, world):
    reader = Reader(app.test_client())
    account = make_account(nickname="Bestaetigt", email_confirmed_at=NOW)
    from tests.helpers import log_in

    log_in(reader.client, account.email)
    reader.open("/raetsel/kugel")
    reader.guess("kugel", "Kugelgrill", htmx=False)
    page = text_of(reader.client.get("/raetsel/kugel"))
    assert "Du stehst auf Platz 7 der Wochenwertung." in page
    assert "Du wärst" not in page
    assert "Bestaetigt" in text_of(app.test_client().get("/rangliste"))


def test_an_unconfirmed_account_is_told_to_confirm(app, world):
    account = make_account(nickname="Neu")
    make_solve(account, world["riddle"], 50, NOW)
    client = app.test_client()
    from tests.helpers import log_in

    log_in(client, account.email)
    board = text_of(client.get("/rangliste"))
    assert (
        "Du wärst auf Platz 7 – bestätige deine E-Mail-Adresse, um in der Rangliste zu erscheinen."
        in board
    )
    profile = text_of(client.get("/profil"))
    assert "wärst 7. mit 50 Punkten" in profile


def test_confirming_the_address_lists_the_account_on_the_next_request(app, world):
    account = make_account(nickname="Gleich")
    make_solve(account, world["riddle"], 50, NOW)
    assert "Gleich" not in text_of(app.test_client().get("/rangliste"))
    account.email_confirmed_at = NOW
    db.session.commit()
    assert "Gleich" in text_of(app.test_client().get("/rangliste"))


def test_a_new_visitor_is_told_who_ranks(app, world):
    board = text_of(app.test_client().get("/rangliste"))
    assert "In der Rangliste stehen Spielerinnen und Spieler mit bestätigtem Konto." in board


# --- the setting ---------------------------------------------------------------------------


def test_everyone_keeps_the_old_boards(app, world):
    app.config["BOARD_RANKS"] = "everyone"
    # Changing the setting on a site with points: rebuild the totals (docs/operations.md).
    totals.rebuild_all()
    db.session.commit()
    guest = make_player(nickname="Gastname")
    make_solve(guest, world["riddle"], 5000, NOW)
    board = text_of(app.test_client().get("/rangliste"))
    assert "Gastname" in board and "Unbestaetigt" in board
    assert "Du wärst" not in board
    assert "mit bestätigtem Konto" not in board


def test_the_default_is_accounts():
    config = base_config()
    del config["BOARD_RANKS"]
    assert create_app(config).config["BOARD_RANKS"] == "accounts"


@pytest.mark.parametrize("value", ["all", "", "Konten"])
def test_an_invalid_setting_stops_the_app_with_a_clear_message(value):
    with pytest.raises(RuntimeError, match="HARZQUIZ_BOARD_RANKS .* must be 'accounts' or"):
        create_app({**base_config(), "BOARD_RANKS": value})


def test_the_environment_sets_it(monkeypatch, tmp_path):
    from flask import Config

    from harzquiz.config import load_environment

    monkeypatch.setenv("HARZQUIZ_BOARD_RANKS", "everyone")
    config = Config(str(tmp_path))
    load_environment(config)
    assert config["BOARD_RANKS"] == "everyone"


def test_the_htmx_feedback_says_where_a_guest_would_stand(app, world):
    reader = Reader(app.test_client())
    reader.open("/raetsel/kugel")
    answer = text_of(reader.guess("kugel", "Kugelgrill", htmx=True))
    assert WOULD_STAND.format(rank=7) in answer
    assert "Du stehst auf Platz" not in answer
