"""Changing the password, and the profile page (solves, points over time, streaks, ranks)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.services.leaderboard import Period, player_rank
from tests.clients import Reader
from tests.factories import (
    NOW,
    PASSWORD,
    make_account,
    make_closed_riddle,
    make_player,
    make_riddle,
    make_solve,
)
from tests.helpers import HTMX, log_in, text_of

NEW_PASSWORD = "ganz-neues-passwort"


def change(client, current: str, new: str, confirm: str | None = None):
    reader = Reader(client)
    reader.open("/passwort")
    data = {"current": current, "password": new, "confirm": new if confirm is None else confirm}
    return reader.post("/passwort", data)


def stored(account: Player) -> tuple[str, str]:
    db.session.rollback()
    fresh = db.session.get(Player, account.id)
    return fresh.password_hash, fresh.login_id


# --- password change ---------------------------------------------------------------------------


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client):
    account = make_account()
    log_in(client, account.email)
    other_device = app.test_client()
    log_in(other_device, account.email)
    response = change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 303 and response.headers["Location"] == "/profil"
    page = text_of(client.get("/profil"))
    assert "Dein Passwort ist geändert." in page
    assert f"Abmelden ({account.nickname})" in page
    assert "Abmelden" not in text_of(other_device.get("/"))
    assert log_in(app.test_client(), account.email, PASSWORD).status_code == 422
    assert log_in(app.test_client(), account.email, NEW_PASSWORD).status_code == 303


def test_a_remember_me_cookie_is_renewed_with_the_new_login_id(app, client):
    account = make_account()
    log_in(client, account.email, remember="y")
    old_cookie = client.get_cookie("remember_token").value
    change(client, PASSWORD, NEW_PASSWORD)
    new_cookie = client.get_cookie("remember_token")
    assert new_cookie is not None and new_cookie.value != old_cookie
    # The renewed cookie alone (a browser restart: no session) still logs in.
    restarted = app.test_client()
    restarted.set_cookie("remember_token", new_cookie.value)
    assert f"Abmelden ({account.nickname})" in text_of(restarted.get("/"))
    stale = app.test_client()
    stale.set_cookie("remember_token", old_cookie)
    assert "Abmelden" not in text_of(stale.get("/"))


@pytest.mark.parametrize(
    "current,new,confirm,message",
    [
        ("falsches-passwort", NEW_PASSWORD, None, "Das aktuelle Passwort stimmt nicht."),
        ("", NEW_PASSWORD, None, "Bitte gib dein aktuelles Passwort ein."),
        (PASSWORD, "kurz", None, "Das Passwort muss 10 bis 200 Zeichen lang sein."),
        (PASSWORD, "p" * 201, None, "Das Passwort muss 10 bis 200 Zeichen lang sein."),
        (PASSWORD, NEW_PASSWORD, "anders-als-neu", "Die beiden Passwörter stimmen nicht"),
    ],
)
def test_a_refused_change_keeps_the_password(app, client, current, new, confirm, message):
    account = make_account()
    log_in(client, account.email)
    before = stored(account)
    response = change(client, current, new, confirm)
    assert response.status_code == 422
    assert message in text_of(response)
    assert stored(account) == before
    assert f"Abmelden ({account.nickname})" in text_of(client.get("/"))


def test_the_password_change_needs_csrf(app, client):
    account = make_account()
    log_in(client, account.email)
    before = stored(account)
    response = client.post(
        "/passwort", data={"current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 400
    assert stored(account) == before


def test_guests_are_sent_to_log_in(app, client):
    response = client.get("/passwort")
    assert response.status_code == 302
    assert response.headers["Location"] == "/anmelden?next=/passwort"
    htmx = client.get("/passwort", headers=HTMX)
    assert htmx.headers["HX-Redirect"] == "/anmelden?next=/passwort"
    assert "<form" not in text_of(htmx)


def test_password_changes_are_rate_limited_per_account(app, client):
    app.config["PASSWORD_CHANGE_LIMIT_PER_ACCOUNT"] = "2/hour"
    account = make_account()
    log_in(client, account.email)
    statuses = [change(client, "falsch-geraten", NEW_PASSWORD).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
    assert log_in(app.test_client(), account.email, PASSWORD).status_code == 303


def test_the_password_page_is_never_framed(app, client):
    log_in(client, make_account().email)
    response = client.get("/passwort")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


# --- profile -----------------------------------------------------------------------------------


def test_a_guest_sees_an_invitation_to_register(app, client):
    page = text_of(client.get("/profil"))
    assert 'href="/registrieren"' in page
    assert "Mit einem Konto siehst du hier" in page
    Reader(client).guess(make_riddle().slug, "Boje")
    page = text_of(client.get("/profil"))
    assert "Was du als Gast gespielt hast, kommt mit" in page


def ranks_on(page: str) -> list[str]:
    return re.findall(r"<dd>(\d+)\. mit (\d+) Punkten</dd>", page)


def test_the_profile_shows_solves_points_over_time_streak_and_ranks(app, client):
    account = make_account(nickname="Profilierte")
    rival = make_player(nickname="Rivale")
    live = make_riddle(title="Die Boje")
    last_week = make_closed_riddle(title="Der Brocken")
    make_solve(account, live, 80, NOW - timedelta(hours=2))  # Wed 25.11., 09:00 Berlin
    make_solve(account, last_week, 100, NOW - timedelta(days=7))  # last week
    make_solve(rival, live, 90, NOW - timedelta(hours=3))
    make_solve(rival, last_week, 150, NOW - timedelta(days=8))
    archive = make_closed_riddle(
        title="Archivfrage",
        publish_at=NOW - timedelta(days=90),
        closes_at=NOW - timedelta(days=80),
    )
    make_solve(account, archive, 0, NOW - timedelta(days=1))  # archive play: no points
    log_in(client, account.email)
    page = text_of(client.get("/profil"))
    # Solved riddles, newest first, with Berlin time and points.
    assert page.index("Die Boje") < page.index("Archivfrage") < page.index("Der Brocken")
    assert "25.11.26, 09:00" in page
    assert "0 (Archiv)" in page
    assert "Insgesamt 180 Punkte." in page
    # Ranks from the leaderboard module: week 2nd (80 < 90), month and all time 2nd (180 < 240).
    assert ranks_on(page) == [("2", "80"), ("2", "180"), ("2", "180")]
    for period in Period:
        assert player_rank(period, NOW, account.id).rank == 2
    # Two consecutive weeks with a live solve (the archive solve does not count).
    assert re.search(r"Aktuelle Wochenserie</dt>\s*<dd>2 Wochen</dd>", page)
    assert re.search(r"Längste Wochenserie</dt>\s*<dd>2 Wochen</dd>", page)
    # Points per week: this week 80, last week 100; per month: November.
    assert re.search(r"23\.11\.2026</time></th><td>1</td><td>80</td>", page)
    assert re.search(r"16\.11\.2026</time></th><td>1</td><td>100</td>", page)
    assert re.search(r"November 2026</time></th><td>2</td><td>180</td>", page)
    # The bar chart is drawn with SVG attributes (no style attributes under the CSP).
    assert page.count('class="profile__bar"') == 12
    assert "style=" not in page


def test_a_new_account_has_an_empty_profile(app, client):
    account = make_account()
    log_in(client, account.email)
    page = text_of(client.get("/profil"))
    assert "Du hast noch kein Rätsel gelöst." in page
    assert "noch keine Punkte" in page
    assert "<svg" not in page
    assert re.search(r"Aktuelle Wochenserie</dt>\s*<dd>0 Wochen</dd>", page)


def test_the_profile_shows_only_the_own_solves(app, client):
    account = make_account()
    other = make_account(nickname="Fremde")
    make_solve(other, make_riddle(title="Fremdes Rätsel"), 100, NOW)
    log_in(client, account.email)
    assert "Fremdes Rätsel" not in text_of(client.get("/profil"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Player)) == 2


def test_the_profile_in_english_counts_weeks_in_english(app, client):
    account = make_account()
    make_solve(account, make_riddle(), 80, NOW)
    log_in(client, account.email)
    reader = Reader(client)
    reader.open("/profil")
    assert reader.post("/sprache/en", {"next": "/profil"}).status_code == 303
    page = text_of(client.get("/profil"))
    assert re.search(r"Current weekly streak</dt>\s*<dd>1 week</dd>", page)
    assert "No. 1 with 80 points" in page
    assert "Week from" in page
