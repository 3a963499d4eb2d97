"""Registering: a new account, a guest turning into one, and refusals that change nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.services.accounts import account_problem, create_account
from tests.clients import Reader
from tests.factories import PASSWORD, make_account, make_player, make_riddle
from tests.helpers import log_in, register, row_counts, text_of

GENERIC = "Mit diesen Angaben können wir kein Konto anlegen."


def account_by_email(email: str) -> Player | None:
    db.session.rollback()
    return db.session.scalar(sa.select(Player).where(Player.email == email))


def test_a_visitor_registers_and_is_logged_in(app, client):
    response = register(client, "Brockenwanderin", "  Wanda@Example.org ")
    assert response.status_code == 303
    # First the one question about mail for new riddles, then on to the profile.
    assert response.headers["Location"] == "/benachrichtigungen?next=/profil"
    account = account_by_email("wanda@example.org")
    assert account is not None and account.nickname == "Brockenwanderin"
    assert account.role == "reader"
    assert account.password_hash != PASSWORD
    assert check_password_hash(account.password_hash, PASSWORD)
    page = text_of(client.get("/profil"))
    assert "Profil von Brockenwanderin" in page
    assert "Abmelden (Brockenwanderin)" in page
    assert "Willkommen, Brockenwanderin! Dein Konto ist angelegt." in page
    # The new account logs in with its password from another browser.
    assert log_in(app.test_client(), "wanda@example.org").status_code == 303


def test_registering_returns_to_a_local_next_page_only(app, client):
    reader = Reader(client)
    reader.open("/registrieren")
    data = {
        "nickname": "Harzer",
        "email": "h@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    then = reader.post("/registrieren?next=/archiv", data).headers["Location"]
    assert then == "/benachrichtigungen?next=/archiv"
    other = Reader(app.test_client())
    other.open("/registrieren")
    data = {**data, "nickname": "Harzerin", "email": "h2@example.org"}
    then = other.post("/registrieren?next=//evil.example", data).headers["Location"]
    assert then == "/benachrichtigungen?next=/profil"


def test_a_guest_becomes_the_account_keeping_their_row(app, client):
    riddle = make_riddle()
    reader = Reader(client)
    reader.guess(riddle.slug, "Boje")
    with client.session_transaction() as session:
        guest_id = session["player_id"]
    # The form offers the guest's own nickname; they may keep it even though it is "used".
    form = text_of(client.get("/registrieren"))
    guest_name = db.session.get(Player, guest_id).nickname
    assert f'value="{guest_name}"' in form
    assert "Alles, was du als Gast gespielt hast, kommt in dein Konto" in form
    response = register(client, guest_name, "gast@example.org")
    assert response.status_code == 303
    account = account_by_email("gast@example.org")
    assert account.id == guest_id
    assert row_counts()["Player"] == 1
    with client.session_transaction() as session:
        assert "player_id" not in session  # the account is reached by logging in only


def test_a_guest_may_pick_a_new_nickname_when_registering(app, client):
    riddle = make_riddle()
    Reader(client).guess(riddle.slug, "Boje")
    register(client, "Neuer Name", "neu@example.org")
    account = account_by_email("neu@example.org")
    assert account.nickname == "Neuer Name" and account.nickname_key == "neuer name"


def test_a_logged_in_account_is_sent_to_its_profile(app, client):
    make_account(email="da@example.org")
    log_in(client, "da@example.org")
    response = client.get("/registrieren")
    assert response.status_code == 303 and response.headers["Location"] == "/profil"


@pytest.mark.parametrize(
    "data,message",
    [
        ({"nickname": "ab"}, "Der Spitzname muss 3 bis 24 Zeichen lang sein."),
        ({"nickname": "<b>Harz</b>"}, "Erlaubt sind Buchstaben, Ziffern"),
        ({"nickname": "x" * 25}, "Der Spitzname muss 3 bis 24 Zeichen lang sein."),
        ({"email": ""}, "Bitte gib deine E-Mail-Adresse ein."),
        ({"email": "kein-at-zeichen"}, "Bitte gib eine gültige E-Mail-Adresse ein."),
        ({"email": "a" * 250 + "@x.de"}, "Diese E-Mail-Adresse ist zu lang."),
        ({"password": "kurz", "confirm": "kurz"}, "Das Passwort muss 10 bis 200 Zeichen lang"),
        ({"password": "p" * 201, "confirm": "p" * 201}, "Das Passwort muss 10 bis 200 Zeichen"),
        ({"confirm": "etwas-anderes-1"}, "Die beiden Passwörter stimmen nicht überein."),
        ({"confirm": ""}, "Bitte wiederhole das Passwort."),
    ],
)
def test_bad_input_is_refused_inline_and_stores_nothing(app, client, data, message):
    riddle = make_riddle()
    reader = Reader(client)
    reader.guess(riddle.slug, "Boje")  # a guest, whose row must stay a guest
    before = row_counts()
    reader.open("/registrieren")
    fields = {
        "nickname": "Harzerin",
        "email": "h@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    response = reader.post("/registrieren", {**fields, **data})
    assert response.status_code == 422
    body = text_of(response)
    assert message in body
    assert 'aria-invalid="true"' in body
    assert row_counts() == before
    assert db.session.scalar(sa.select(sa.func.count()).where(Player.email.is_not(None))) == 0
    assert "Abmelden" not in text_of(client.get("/"))


def test_a_taken_nickname_is_named_as_taken(app, client):
    make_player(nickname="Hexe")
    response = register(client, "HEXE", "neu@example.org")
    assert response.status_code == 422
    assert "Dieser Spitzname ist schon vergeben." in text_of(response)
    assert account_by_email("neu@example.org") is None


def test_a_taken_email_gets_the_general_answer_and_changes_nothing(app, client):
    existing = make_account(email="wer@example.org", nickname="Besitzerin")
    old_hash = existing.password_hash
    before = row_counts()
    response = register(client, "Eindringling", "WER@example.org", "anderes-passwort")
    body = text_of(response)
    assert response.status_code == 422
    assert GENERIC in body
    # Nothing names the email as taken or known.
    for telling in ("vergeben", "existiert", "bereits registriert", "Besitzerin"):
        assert telling not in body
    assert row_counts() == before
    assert account_by_email("wer@example.org").password_hash == old_hash
    assert "Abmelden" not in text_of(client.get("/"))


def test_registration_needs_a_csrf_token(app, client):
    response = client.post(
        "/registrieren",
        data={
            "nickname": "Harzer",
            "email": "h@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "Die Anfrage war unvollständig oder abgelaufen." in text_of(response)
    assert account_by_email("h@example.org") is None


def test_registration_is_rate_limited_per_address(app, client):
    app.config["REGISTER_LIMIT_PER_IP"] = "2/hour"
    statuses = [register(client, "ab", f"x{n}@example.org").status_code for n in range(3)]
    assert statuses == [422, 422, 429]
    # The limit is per address: another address may still register.
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "10.0.0.9"
    assert register(other, "Anderswo", "anderswo@example.org").status_code == 303


def test_registration_page_is_never_framed(app, client):
    response = client.get("/registrieren")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "email", ["x@", "@example.org", "zwei@@example.org", "a b@example.org", "x@localhost"]
)
def test_a_malformed_email_is_refused_with_a_clear_message(app, client, email):
    # Before email-validator, anything with an "@" passed ("x@" made an account).
    reader = Reader(client)
    reader.open("/registrieren")
    response = reader.post(
        "/registrieren",
        {"nickname": "Harzerin", "email": email, "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 422
    assert "Bitte gib eine gültige E-Mail-Adresse ein." in text_of(response)
    assert db.session.scalar(sa.select(sa.func.count()).where(Player.email.is_not(None))) == 0


def test_the_service_checks_the_email_too(app):
    assert account_problem("Harzerin", "x@", PASSWORD) == "email"
    assert create_account("Harzerin", "x@", PASSWORD) == "email"
    assert account_problem("Harzerin", "Wanda@Example.ORG", PASSWORD) is None
