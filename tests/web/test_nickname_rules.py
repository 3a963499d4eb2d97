"""Reserved, lookalike and insulting nicknames are refused wherever a name is set
(/spitzname, registration, `flask create-user`), with a clear message, storing nothing."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.services.accounts import account_problem, create_account
from harzquiz.services.players import nickname_problem, nickname_taken, rename
from tests.clients import Reader
from tests.factories import PASSWORD, make_player, make_riddle
from tests.helpers import nicknames, register, row_counts, text_of
from tests.helpers import rename as rename_through_form

RESERVED_MESSAGE = "Dieser Spitzname ist für die Redaktion und das Team reserviert"
INSULT_MESSAGE = "Dieser Spitzname enthält ein beleidigendes Wort. Bitte wähle einen anderen."
TAKEN_MESSAGE = "Dieser Spitzname ist schon vergeben."
REFUSED = [
    ("Redaktion", RESERVED_MESSAGE),
    ("R e d a k t i o n", RESERVED_MESSAGE),
    ("\u0410dmin", RESERVED_MESSAGE),  # Cyrillic А
    ("HarzQuiz-Team", RESERVED_MESSAGE),
    ("Arschloch123", INSULT_MESSAGE),
    ("4rschl0ch", INSULT_MESSAGE),
]


@pytest.mark.parametrize("name,message", REFUSED)
def test_spitzname_refuses_with_a_clear_message_and_stores_nothing(app, reader, name, message):
    response = rename_through_form(reader, name)
    assert response.status_code == 422
    body = text_of(response)
    assert message in body
    assert 'aria-invalid="true"' in body
    assert nicknames() == []  # not even a guest was created


def test_spitzname_refusal_keeps_a_players_name(app, reader):
    rename_through_form(reader, "Brockenhexe")
    response = rename_through_form(reader, "Admin123")
    assert response.status_code == 422
    assert RESERVED_MESSAGE in text_of(response)
    assert nicknames() == ["Brockenhexe"]


def test_spitzname_takes_ordinary_harz_names(app, reader):
    response = rename_through_form(reader, "Hasselfelde")
    assert response.status_code == 303
    assert nicknames() == ["Hasselfelde"]


def test_spitzname_in_english_says_why(app, reader):
    reader.open("/spitzname")
    reader.post("/sprache/en")
    response = rename_through_form(reader, "Arschloch")
    assert response.status_code == 422
    body = text_of(response)
    assert "This nickname contains an offensive word. Please choose another one." in body


@pytest.mark.parametrize("name,message", REFUSED)
def test_registration_refuses_with_a_clear_message_and_stores_nothing(app, client, name, message):
    riddle = make_riddle()
    reader = Reader(client)
    reader.guess(riddle.slug, "Boje")  # a guest, whose row must stay as it is
    before = row_counts()
    names = nicknames()
    reader.open("/registrieren")
    response = reader.post(
        "/registrieren",
        {"nickname": name, "email": "h@example.org", "password": PASSWORD, "confirm": PASSWORD},
    )
    assert response.status_code == 422
    assert message in text_of(response)
    assert row_counts() == before
    assert nicknames() == names
    assert db.session.scalar(sa.select(sa.func.count()).where(Player.email.is_not(None))) == 0


def test_a_lookalike_of_an_existing_name_is_taken(app, client, reader):
    make_player(nickname="Anna")
    response = rename_through_form(reader, "\u0410nn\u0430")  # Cyrillic А and а
    assert response.status_code == 422
    assert TAKEN_MESSAGE in text_of(response)
    response = register(client, "\u0410NNA", "anna@example.org")
    assert response.status_code == 422
    assert TAKEN_MESSAGE in text_of(response)
    assert nicknames() == ["Anna"]


def test_the_database_refuses_a_lookalike_that_slips_past_the_check(app):
    # Two registrations at the same moment both pass nickname_taken(); the unique skeleton
    # key lets only one of them commit.
    first = make_player(nickname="Brocken")
    second = make_player(nickname="Heide")
    assert rename(second, "Br\u043ecken") == "taken"  # Cyrillic о; rename re-checks first
    db.session.rollback()
    second.nickname = "Br\u043ecken"
    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert nickname_taken("BR\u041eCKEN")
    assert nickname_taken("Brocken", except_player_id=first.id) is False


def test_service_layer_refuses_everywhere_names_are_set(app):
    player = make_player(nickname="Harzerin")
    assert rename(player, "Moderator") == "reserved"
    assert rename(player, "Wichser") == "insult"
    db.session.rollback()
    assert nicknames() == ["Harzerin"]
    assert account_problem("Redaktion", "r@example.org", PASSWORD) == "nickname-reserved"
    assert account_problem("Hurensohn", "r@example.org", PASSWORD) == "nickname-insult"
    # An operator may name the newsroom's own accounts (`flask create-user`), not insult.
    assert isinstance(create_account("Redaktion", "red@example.org", PASSWORD), Player)
    assert create_account("Arschloch", "a@example.org", PASSWORD) == "nickname-insult"


def test_the_lists_are_configurable(app, tmp_path):
    blocklist = tmp_path / "blocklist.txt"
    blocklist.write_text("Brockengeist\n!Adminton\n", encoding="utf-8")
    app.config["RESERVED_NICKNAMES"] = "Hexenmeister, Team"
    app.config["NICKNAME_BLOCKLIST"] = str(blocklist)
    assert nickname_problem("Hexenmeister1") == "reserved"
    assert nickname_problem("Admin") is None  # the setting replaces the defaults
    assert nickname_problem("Brockengeist") == "insult"
    assert nickname_problem("Arschloch") is None
    # Edits to the file apply without a restart of the check (its change time is watched).
    blocklist.write_text("Arschloch\n", encoding="utf-8")
    stat = blocklist.stat()
    os.utime(blocklist, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert nickname_problem("Arschloch") == "insult"
