"""Logging in and out, the create-user command, and the role checks on protected views."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.web.roles import admin_required, editor_required
from tests.clients import Reader
from tests.factories import PASSWORD, make_account, make_riddle
from tests.helpers import HTMX, log_in, log_in_as, text_of

FAILED = "E-Mail-Adresse oder Passwort stimmen nicht."


@pytest.fixture
def app(app):
    """The app with two protected test views (registered before the first request)."""
    app.add_url_rule("/_test/desk", "test_desk", editor_required(lambda: "desk ok"))
    app.add_url_rule(
        "/_test/admin", "test_admin", admin_required(lambda: "admin ok"), methods=["GET", "POST"]
    )
    return app


def test_login_with_the_right_password_logs_in(app, client):
    account = make_account()
    response = log_in(client, account.email.upper())  # emails are matched case-insensitively
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    home = text_of(client.get("/"))
    assert f"Abmelden ({account.nickname})" in home


@pytest.mark.parametrize("email,password", [("nobody@example.org", PASSWORD), (None, "falsch")])
def test_wrong_email_and_wrong_password_get_the_same_answer(app, client, email, password):
    account = make_account()
    response = log_in(client, email or account.email, password)
    assert response.status_code == 422
    assert FAILED in text_of(response)
    assert "Abmelden" not in text_of(client.get("/"))


def test_login_returns_to_a_local_next_page_only(app, client):
    account = make_account()
    reader = Reader(client)
    reader.open("/anmelden")
    data = {"email": account.email, "password": PASSWORD}
    assert reader.post("/anmelden?next=/archiv", data).headers["Location"] == "/archiv"
    client.post("/abmelden", data={"csrf_token": reader.token})
    reader.open("/anmelden")
    response = reader.post("/anmelden?next=//evil.example/x", data)
    assert response.headers["Location"] == "/"


def test_logout_needs_a_post_with_csrf(app, client):
    account = log_in_as(client, "reader")
    assert client.get("/abmelden").status_code == 405
    assert client.post("/abmelden").status_code == 400
    assert "Abmelden" in text_of(client.get("/"))
    reader = Reader(client)
    reader.open("/")
    assert reader.post("/abmelden").status_code == 303
    assert f"Abmelden ({account.nickname})" not in text_of(client.get("/"))


def test_remember_me_sets_a_long_lived_cookie(app, client):
    account = make_account()
    response = log_in(client, account.email, remember="y")
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0] and "Expires=" in remember[0]


def test_login_is_rate_limited_per_address(app, client):
    app.config["LOGIN_LIMIT_PER_IP"] = "3/minute"
    statuses = [log_in(client, f"x{n}@example.org", "falsch").status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]


def test_login_is_rate_limited_per_email_across_addresses(app):
    app.config["LOGIN_LIMIT_PER_EMAIL"] = "2/hour"
    account = make_account()
    statuses = []
    for n in range(3):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{n + 1}"
        statuses.append(log_in(client, account.email, "falsch").status_code)
    assert statuses == [422, 422, 429]


def test_login_page_is_never_framed(app, client):
    response = client.get("/anmelden")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_guest_is_sent_to_log_in(app, client):
    response = client.get("/_test/desk?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/anmelden?next=/_test/desk?x%3D1"


def test_guest_htmx_request_gets_hx_redirect_not_a_login_fragment(app, client):
    response = client.get("/_test/desk", headers=HTMX)
    assert response.headers["HX-Redirect"].startswith("/anmelden?next=")
    assert "<form" not in text_of(response)


def test_guest_post_is_redirected_with_303(app, client):
    reader = Reader(client)
    response = reader.post("/_test/admin")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/anmelden")


@pytest.mark.parametrize(
    "role,desk,admin",
    [
        ("reader", 403, 403),
        ("editor", 200, 403),
        ("admin", 200, 200),
    ],
)
def test_roles_include_lower_roles(app, client, role, desk, admin):
    log_in_as(client, role)
    assert client.get("/_test/desk").status_code == desk
    assert client.get("/_test/admin").status_code == admin


def test_protected_views_are_never_framed(app, client):
    log_in_as(client, "editor")
    response = client.get("/_test/desk")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_protected_views_are_marked_for_the_route_audit(app):
    assert app.view_functions["test_desk"].required_role == "editor"
    assert app.view_functions["test_admin"].required_role == "admin"


def test_a_guest_cookie_from_before_registering_does_not_act_as_the_account(app, client):
    riddle = make_riddle()
    reader = Reader(client)
    reader.guess(riddle.slug, "Boje")
    with client.session_transaction() as session:
        guest_id = session["player_id"]
    # The guest row becomes an account (as registration will do); the old cookie stays.
    player = db.session.get(Player, guest_id)
    player.email = "frueher-gast@example.org"
    db.session.commit()
    reader.guess(riddle.slug, "Fass")
    with client.session_transaction() as session:
        assert session.get("player_id") != guest_id
    others = db.session.scalars(sa.select(Player.id).where(Player.id != guest_id)).all()
    assert len(others) == 1, "the guess was made by a new guest, not by the account"


def test_a_password_change_ends_other_sessions(app, client):
    from harzquiz.services.accounts import set_password

    account = log_in_as(client, "editor")
    assert client.get("/_test/desk").status_code == 200
    set_password(account, "ein-neues-passwort")
    db.session.commit()
    assert client.get("/_test/desk").status_code == 302


def test_create_user_command_makes_an_editor(app, runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Red@Example.org",
            "--nickname",
            "Redakteurin",
            "--role",
            "editor",
            "--password",
            "lang-genug-123",
        ]
    )
    assert result.exit_code == 0, result.output
    player = db.session.scalar(sa.select(Player).where(Player.email == "red@example.org"))
    assert player.role == "editor" and player.password_hash != "lang-genug-123"
    assert log_in(app.test_client(), "red@example.org", "lang-genug-123").status_code == 303


@pytest.mark.parametrize(
    "args,message",
    [
        (["--email", "a@example.org", "--nickname", "Red", "--password", "kurz"], "password"),
        (["--email", "kein-at", "--nickname", "Red", "--password", "lang-genug-123"], "email"),
        (
            ["--email", "a@example.org", "--nickname", "<b>", "--password", "lang-genug-123"],
            "nickname",
        ),
    ],
)
def test_create_user_refuses_bad_input_and_stores_nothing(app, runner, args, message):
    result = runner.invoke(args=["create-user", *args])
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Player)) == 0


def test_create_user_refuses_a_taken_email(app, runner):
    make_account(email="red@example.org")
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "RED@example.org",
            "--nickname",
            "Andere",
            "--password",
            "lang-genug-123",
        ]
    )
    assert result.exit_code != 0 and "exists" in result.output
