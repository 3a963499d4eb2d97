"""The audit's findings on accounts and sessions (issue 12), each shown fixed.

1. A guest cookie outliving its row (a merged guest) must never act as another player.
2. Logging out ends the session on the server side; logins without "Angemeldet bleiben"
   end with the browser and after 14 idle days; "Überall abmelden"; CSRF rotates on login.
3. Failed logins for an email cannot lock its owner out.
4. Common, simple and personal passwords are refused (registration and password change).
5. Weak secret keys: tests/web/test_security_headers.py and test_setup_and_migrations.py.
6. An embed's `t` token works for one partner, for one day, and stays out of the access log.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from gunicorn.config import Config
from gunicorn.glogging import Logger

from harzquiz import gunicorn_conf
from harzquiz.extensions import db
from harzquiz.models import Player, Solve
from tests.clients import Reader, csrf_token_from
from tests.factories import NOW, make_account, make_partner, make_riddle
from tests.helpers import log_in, nicknames, register, rename, text_of


def session_of(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def with_session(app, contents: dict):
    """Another browser holding a copy of these session contents (a saved cookie)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(contents)
    return client


def guest_row(player_id: int) -> Player:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Player, player_id)


# --- 1. guest takeover through reused ids ----------------------------------------------------


def test_a_cookie_saved_before_a_merge_never_acts_as_the_next_guest(app, client):
    riddle = make_riddle()
    Reader(client).guess(riddle.slug, "Sonnenschirm")
    saved = session_of(client)  # the old guest cookie, copied before logging in
    account = make_account()
    assert log_in(client, account.email).status_code == 303  # the guest row is merged away

    newcomer = app.test_client()
    assert 'data-verdict="correct"' in text_of(Reader(newcomer).guess(riddle.slug, "Kugelgrill"))
    new_id = session_of(newcomer)["player_id"]
    assert new_id != saved["player_id"], "SQLite handed the merged guest's id out again"
    new_name = guest_row(new_id).nickname

    # The saved cookie renames nobody but a fresh guest of its own ...
    stale = with_session(app, saved)
    assert rename(Reader(stale), "Dieb-Name").status_code == 303
    assert guest_row(new_id).nickname == new_name
    # ... and logging in with it takes nobody's solve into the thief's account.
    thief = make_account()
    stale = with_session(app, saved)
    assert log_in(stale, thief.email).status_code == 303
    db.session.expire_all()
    solvers = db.session.scalars(sa.select(Solve.player_id).where(Solve.riddle_id == riddle.id))
    assert list(solvers) == [new_id]


def test_a_guest_cookie_with_a_wrong_or_missing_secret_is_nobody(app, client):
    riddle = make_riddle()
    Reader(client).guess(riddle.slug, "Sonnenschirm")
    own = session_of(client)
    name = guest_row(own["player_id"]).nickname
    assert len(own["guest_secret"]) >= 32

    forgeries = {
        "Falsches-Geheimnis": {**own, "guest_secret": "x" * 43},
        "Ohne-Geheimnis": {"player_id": own["player_id"]},
    }
    for new_name, forged in forgeries.items():
        other = with_session(app, forged)
        assert rename(Reader(other), new_name).status_code == 303
        assert guest_row(own["player_id"]).nickname == name
        assert session_of(other)["player_id"] != own["player_id"]
        assert new_name in nicknames()  # the forged cookie became a guest of its own

    # The real cookie still is the guest.
    assert rename(Reader(client), "Echter-Name").status_code == 303
    assert guest_row(own["player_id"]).nickname == "Echter-Name"


def test_a_guest_from_before_secrets_is_claimed_once_by_its_old_cookie(app):
    legacy = Player(nickname="Altgast")
    db.session.add(legacy)
    db.session.commit()
    old_cookie = with_session(app, {"player_id": legacy.id})
    assert rename(Reader(old_cookie), "Altgast-Neu").status_code == 303
    claimed = guest_row(legacy.id)
    assert claimed.nickname == "Altgast-Neu"
    assert claimed.guest_secret and session_of(old_cookie)["guest_secret"] == claimed.guest_secret
    # Another copy of the same old cookie (without the secret) is nobody now.
    copy = with_session(app, {"player_id": legacy.id})
    rename(Reader(copy), "Kopie-Name")
    assert guest_row(legacy.id).nickname == "Altgast-Neu"


def test_player_ids_are_never_reused_in_the_app_schema(app):
    first, second = Player(nickname="Eins"), Player(nickname="Zwei")
    db.session.add_all([first, second])
    db.session.commit()
    gone = second.id
    db.session.delete(second)
    db.session.commit()
    again = Player(nickname="Drei")
    db.session.add(again)
    db.session.commit()
    assert again.id > gone


# --- 2. sessions that end ----------------------------------------------------------------------


def logged_in_as(client, account) -> bool:
    return f"Abmelden ({account.nickname})" in text_of(client.get("/"))


def copy_of(app, client, cookies=("session", "remember_token")):
    """Another browser with copies of `client`'s cookies (as an attacker saved them)."""
    other = app.test_client()
    for name in cookies:
        cookie = client.get_cookie(name)
        if cookie is not None:
            other.set_cookie(name, cookie.value)
    return other


def test_logout_ends_copies_of_the_session_and_remember_cookies(app, client):
    account = make_account()
    assert log_in(client, account.email, remember="y").status_code == 303
    session_copy = copy_of(app, client, cookies=("session",))
    remember_copy = copy_of(app, client, cookies=("remember_token",))
    assert logged_in_as(session_copy, account) and logged_in_as(remember_copy, account)
    session_copy = copy_of(app, client, cookies=("session",))  # taken just before logout
    remember_copy = copy_of(app, client, cookies=("remember_token",))

    reader = Reader(client)
    reader.open("/")
    assert reader.post("/abmelden").status_code == 303
    assert not logged_in_as(client, account)
    assert not logged_in_as(session_copy, account)
    assert not logged_in_as(remember_copy, account)
    assert log_in(app.test_client(), account.email).status_code == 303  # the password works


def test_a_login_without_remember_me_is_a_browser_session_cookie(app, client):
    # A guest's cookie is permanent (it holds the guest's progress) ...
    answer = Reader(client).guess(make_riddle().slug, "Sonnenschirm")
    guest_cookie = [c for c in answer.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert guest_cookie and "Expires=" in guest_cookie[0]
    # ... the same browser logged in without "Angemeldet bleiben" gets a browser-session one.
    account = make_account()
    response = log_in(client, account.email)
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert cookies and "Expires=" not in cookies[0] and "Max-Age" not in cookies[0]
    assert not [c for c in response.headers.getlist("Set-Cookie") if "remember_token=" in c]
    assert app.config["REMEMBER_COOKIE_DURATION"] == 30 * 24 * 3600


def test_a_login_ends_after_fourteen_idle_days(app, client):
    account = make_account()
    log_in(client, account.email)
    with client.session_transaction() as session:
        assert session["seen"] == int(NOW.timestamp())
        session["seen"] = int(NOW.timestamp()) - 13 * 24 * 3600
    assert logged_in_as(client, account)
    with client.session_transaction() as session:
        assert session["seen"] == int(NOW.timestamp())  # the visit counts as activity
        session["seen"] = int(NOW.timestamp()) - 14 * 24 * 3600 - 1
    assert not logged_in_as(client, account)
    assert "seen" not in session_of(client)


def test_remember_me_logs_in_again_after_the_idle_session_ended(app, client):
    account = make_account()
    log_in(client, account.email, remember="y")
    with client.session_transaction() as session:
        session["seen"] = int(NOW.timestamp()) - 20 * 24 * 3600
    assert logged_in_as(client, account)


def test_logout_everywhere_ends_every_session_of_the_account(app, client):
    account = make_account()
    log_in(client, account.email, remember="y")
    phone = app.test_client()
    log_in(phone, account.email, remember="y")
    phone_remember = copy_of(app, phone, cookies=("remember_token",))

    page = text_of(client.get("/profil"))
    assert 'action="/abmelden/ueberall"' in page and "Überall abmelden" in page
    assert client.post("/abmelden/ueberall").status_code == 400  # CSRF
    assert logged_in_as(phone, account)
    response = client.post("/abmelden/ueberall", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 303
    for browser in (client, phone, phone_remember):
        assert not logged_in_as(browser, account)


def test_the_csrf_token_rotates_on_login(app, client):
    account = make_account()
    before = Reader(client)
    before.open("/anmelden")
    old_token = before.token
    assert (
        before.post(
            "/anmelden", {"email": account.email, "password": "harz-passwort-123"}
        ).status_code
        == 303
    )
    assert client.post("/abmelden", data={"csrf_token": old_token}).status_code == 400
    assert logged_in_as(client, account)
    new_token = csrf_token_from(text_of(client.get("/")))
    assert new_token != old_token
    assert client.post("/abmelden", data={"csrf_token": new_token}).status_code == 303


# --- 3. nobody can lock the owner out ----------------------------------------------------------


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_failed_logins_for_an_email_do_not_lock_its_owner_out(app):
    app.config["LOGIN_LIMIT_PER_IP"] = "1000/minute"  # the per-pair limit is what is shown
    account = make_account()
    attacker = from_address(app, "203.0.113.9")
    statuses = [log_in(attacker, account.email, "falsch-geraten").status_code for _ in range(25)]
    assert statuses[:20] == [422] * 20 and set(statuses[20:]) == {429}
    # The same address may still try other emails; the owner, elsewhere, logs in.
    assert log_in(attacker, "jemand@example.org", "falsch-geraten").status_code == 422
    assert log_in(from_address(app, "198.51.100.7"), account.email).status_code == 303


def test_logins_are_limited_per_address_and_email(app):
    app.config["LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL"] = "2/hour"
    account = make_account()
    guesser = from_address(app, "203.0.113.10")
    statuses = [log_in(guesser, account.email, "falsch").status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
    assert log_in(from_address(app, "203.0.113.11"), account.email, "falsch").status_code == 422
    assert app.config["LOGIN_LIMIT_PER_EMAIL"] == "200/hour"


# --- 6. embed tokens: one partner, one day, not in the access log ---------------------------


def embed_action_with_token(app, partner) -> tuple[str, str]:
    """A cookie-less embed page's guess form: its action (carrying `t`) and CSRF token."""
    page = text_of(app.test_client(use_cookies=False).get(f"/embed/{partner.embed_key}/"))
    action = html.unescape(re.search(r'action="([^"]*/raten[^"]*)"', page).group(1))
    assert "t=" in action
    return action, csrf_token_from(page)


def token_of(action: str) -> str:
    return re.search(r"[?&]t=([^&]+)", action).group(1)


def test_an_embed_token_works_for_its_own_partner_only(app):
    make_riddle(slug="kugel")
    ours = make_partner(embed_key="a" * 32, origins=["https://ours.example"])
    theirs = make_partner(embed_key="b" * 32, origins=["https://theirs.example"])
    action, _ = embed_action_with_token(app, ours)
    token = token_of(action)
    client = app.test_client(use_cookies=False)
    assert client.get(f"/embed/{ours.embed_key}/raetsel/kugel?t={token}").status_code == 200
    refused = client.get(f"/embed/{theirs.embed_key}/raetsel/kugel?t={token}")
    assert refused.status_code == 400
    assert "Dieser Spiel-Link ist ungültig oder abgelaufen." in text_of(refused)


def test_an_embed_token_expires_after_a_day(app):
    make_riddle(slug="kugel")
    partner = make_partner(embed_key="c" * 32)
    action, csrf = embed_action_with_token(app, partner)
    client = app.test_client(use_cookies=False)
    app.config["NOW"] = NOW + timedelta(hours=23)
    assert client.post(action, data={"guess": "Boje", "csrf_token": csrf}).status_code == 303
    app.config["NOW"] = NOW + timedelta(days=1, seconds=1)
    late = client.post(action, data={"guess": "Kugelgrill", "csrf_token": csrf})
    assert late.status_code == 400
    assert "Dieser Spiel-Link ist ungültig oder abgelaufen." in text_of(late)
    assert app.config["EMBED_TOKEN_MAX_AGE"] == 24 * 3600


def test_the_access_log_leaves_query_strings_and_referrers_out():
    config = Config()
    config.set("access_log_format", gunicorn_conf.access_log_format)
    secret = "GEHEIMES-TOKEN"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/embed/key/raetsel/kugel?t={secret}",
        "PATH_INFO": "/embed/key/raetsel/kugel",
        "QUERY_STRING": f"t={secret}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.5",
        "HTTP_REFERER": f"https://harzquiz.example/embed/key/?t={secret}",
        "HTTP_USER_AGENT": "Testbrowser",
    }
    response = SimpleNamespace(status="200 OK", sent=1234, headers=[])
    atoms = Logger(config).atoms(
        response, SimpleNamespace(headers=[]), environ, timedelta(milliseconds=5)
    )
    line = config.access_log_format % atoms
    assert secret not in line
    assert '"GET /embed/key/raetsel/kugel HTTP/1.1" 200 1234' in line
    assert "203.0.113.5" in line and "Testbrowser" in line


# --- 4. weak passwords --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password,message",
    [
        ("aaaaaaaaaa", "Dieses Passwort ist zu einfach"),
        ("1234567890", "Dieses Passwort gehört zu den häufigsten"),
        ("Qwertyuiop", "Dieses Passwort gehört zu den häufigsten"),
        ("geheim-harzfan77-geheim", "weder deine E-Mail-Adresse noch deinen Spitznamen"),
        ("geheim-Brockenwirt-1", "weder deine E-Mail-Adresse noch deinen Spitznamen"),
    ],
)
def test_registration_refuses_weak_passwords(app, client, password, message):
    response = register(client, "Brockenwirt", "harzfan77@example.org", password)
    assert response.status_code == 422
    assert html.escape(message, quote=False) in text_of(response)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Player)) == 0


def test_a_password_change_refuses_weak_passwords(app, client):
    account = make_account()
    log_in(client, account.email)
    reader = Reader(client)
    reader.open("/passwort")
    for weak in ("aaaaaaaaaa", "1234567890", f"neu-{account.nickname}-neu"):
        data = {"current": "harz-passwort-123", "password": weak, "confirm": weak}
        assert reader.post("/passwort", data).status_code == 422
    assert log_in(app.test_client(), account.email).status_code == 303  # unchanged
