"""The nickname form (/spitzname) and the language switch (POST /sprache/<lang>)."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Player
from tests.factories import make_player, make_riddle
from tests.helpers import html_lang, nicknames, rename, text_of

LENGTH_MESSAGE = "Der Spitzname muss 3 bis 24 Zeichen lang sein."
CHARACTERS_MESSAGE = "Erlaubt sind Buchstaben, Ziffern, Leerzeichen, Punkt, Binde- und Unterstrich."
REQUIRED_MESSAGE = "Bitte gib einen Spitznamen ein."
TAKEN_MESSAGE = "Dieser Spitzname ist schon vergeben."


def start_playing(reader) -> Player:
    """Make the reader a guest player (by guessing) and return that player."""
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje")
    db.session.rollback()
    player = db.session.scalar(sa.select(Player).order_by(Player.id.desc()))
    assert player.nickname.startswith("Gast-")
    return player


# --- nickname ------------------------------------------------------------------------------


def test_nickname_page_for_a_new_visitor(app, client):
    response = client.get("/spitzname")
    body = text_of(response)
    assert response.status_code == 200
    assert "Du spielst noch als Gast ohne Namen." in body
    assert 'name="nickname"' in body
    assert 'name="csrf_token"' in body
    assert nicknames() == []  # looking creates no player


def test_nickname_page_names_the_current_player(app, reader):
    player = start_playing(reader)
    body = text_of(reader.client.get("/spitzname"))
    assert f"Auf der Rangliste erscheinst du als „{player.nickname}“." in body


def test_valid_rename_redirects_and_shows_on_the_leaderboard(app, reader):
    riddle = make_riddle()
    response = rename(reader, "Harzer Roller")
    assert response.status_code == 303
    assert response.headers["Location"] == "/spitzname"
    page = text_of(reader.client.get("/spitzname"))
    assert "Dein Spitzname ist jetzt „Harzer Roller“." in page
    assert "Auf der Rangliste erscheinst du als „Harzer Roller“." in page
    assert nicknames() == ["Harzer Roller"]
    # Not on the board before a solve, then listed under the new name.
    assert "Harzer Roller" not in text_of(reader.client.get("/rangliste"))
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Kugelgrill")
    board = text_of(reader.client.get("/rangliste"))
    assert re.search(r"<td>1</td><td>Harzer Roller</td><td>100</td>", board)


def test_rename_after_playing_keeps_the_player(app, reader):
    player = start_playing(reader)
    response = rename(reader, "Brockenhexe")
    assert response.status_code == 303
    db.session.rollback()
    assert db.session.get(Player, player.id).nickname == "Brockenhexe"
    assert nicknames() == ["Brockenhexe"]


def test_rename_accepts_umlauts_and_trims_spaces(app, reader):
    response = rename(reader, "  Jürgen aus Wernigerode  ")
    assert response.status_code == 303
    assert nicknames() == ["Jürgen aus Wernigerode"]


def test_rename_follows_a_local_next_only(app, reader):
    assert rename(reader, "Ilse-Fan", next="/rangliste").headers["Location"] == "/rangliste"
    assert rename(reader, "Bode-Fan", next="https://evil.example/").headers["Location"] == (
        "/spitzname"
    )


def test_renaming_to_the_own_name_in_other_case_is_allowed(app, reader):
    rename(reader, "Hexentanz")
    response = rename(reader, "HEXENTANZ")
    assert response.status_code == 303
    assert nicknames() == ["HEXENTANZ"]


INVALID_NICKNAMES = [
    pytest.param("ab", LENGTH_MESSAGE, id="too-short"),
    pytest.param("x" * 25, LENGTH_MESSAGE, id="too-long"),
    pytest.param("<b>x</b>", CHARACTERS_MESSAGE, id="markup"),
    pytest.param("     ", LENGTH_MESSAGE, id="only-spaces"),
    pytest.param("", REQUIRED_MESSAGE, id="empty"),
    pytest.param("Ha  rz", CHARACTERS_MESSAGE, id="double-space"),
    pytest.param("Harz\x07Fan", CHARACTERS_MESSAGE, id="control-character"),
]


def field_errors(body: str) -> list[str]:
    """The messages listed under the nickname field."""
    match = re.search(r'<ul class="field__errors" id="nickname-errors">(.*?)</ul>', body, re.S)
    assert match, "the form shows no field errors"
    return re.findall(r"<li>(.*?)</li>", match.group(1))


@pytest.mark.parametrize(("nickname", "message"), INVALID_NICKNAMES)
def test_invalid_nickname_is_refused_with_a_message(app, reader, nickname, message):
    player = start_playing(reader)
    before = nicknames()
    response = rename(reader, nickname)
    body = text_of(response)
    assert response.status_code == 422
    assert field_errors(body) == [message]
    assert 'aria-invalid="true"' in body
    assert "<b>x</b>" not in body
    assert nicknames() == before
    db.session.rollback()
    assert db.session.get(Player, player.id).nickname == player.nickname


@pytest.mark.parametrize(("nickname", "message"), INVALID_NICKNAMES)
def test_invalid_nickname_from_a_new_visitor_creates_no_player(app, reader, nickname, message):
    response = rename(reader, nickname)
    assert response.status_code == 422
    assert field_errors(text_of(response)) == [message]
    assert nicknames() == []


@pytest.mark.parametrize("taken", ["Brockenhexe", "brockenhexe", "BROCKENHEXE"])
def test_taken_nickname_is_refused_case_insensitively(app, reader, taken):
    make_player(nickname="Brockenhexe")
    player = start_playing(reader)
    before = nicknames()
    response = rename(reader, taken)
    body = text_of(response)
    assert response.status_code == 422
    assert field_errors(body) == [TAKEN_MESSAGE]
    assert nicknames() == before
    db.session.rollback()
    assert db.session.get(Player, player.id).nickname == player.nickname


def test_nickname_without_csrf_token_is_refused(app, reader):
    player = start_playing(reader)
    response = reader.client.post("/spitzname", data={"nickname": "Harzer Roller"})
    assert response.status_code == 400
    assert 'data-verdict="error"' in text_of(response)
    db.session.rollback()
    assert db.session.get(Player, player.id).nickname == player.nickname


# --- language ------------------------------------------------------------------------------


def test_german_is_the_default(app, client):
    body = text_of(client.get("/"))
    assert html_lang(body) == "de"
    assert 'action="/sprache/en"' in body
    assert '<button type="submit" lang="en">English</button>' in body


def test_switch_to_english_and_back(app, reader):
    reader.open("/")
    response = reader.post("/sprache/en", {"next": "/archiv"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/archiv"
    for path in ("/archiv", "/", "/spitzname", "/rangliste"):
        body = text_of(reader.client.get(path))
        assert html_lang(body) == "en", path
        assert 'action="/sprache/de"' in body
        assert '<button type="submit" lang="de">Deutsch</button>' in body
    reader.open("/")
    back = reader.post("/sprache/de")
    assert back.status_code == 303
    assert back.headers["Location"] == "/"
    body = text_of(reader.client.get("/"))
    assert html_lang(body) == "de"
    assert "Rätsel der Woche" in body


def test_the_language_is_per_reader(app, reader):
    reader.open("/")
    reader.post("/sprache/en")
    assert html_lang(text_of(app.test_client().get("/"))) == "de"


def test_english_riddle_pages_keep_the_secret(app, reader):
    riddle = make_riddle()
    reader.open("/")
    reader.post("/sprache/en")
    body = text_of(reader.client.get(f"/raetsel/{riddle.slug}"))
    assert html_lang(body) == "en"
    assert riddle.solution not in body


def test_unknown_language_is_404(app, reader):
    reader.open("/")
    response = reader.post("/sprache/xx")
    assert response.status_code == 404
    assert html_lang(text_of(reader.client.get("/"))) == "de"


@pytest.mark.parametrize("token", [None, "wrong-token"], ids=["missing", "wrong"])
def test_language_switch_needs_a_csrf_token(app, reader, token):
    reader.open("/")
    data = {} if token is None else {"csrf_token": token}
    response = reader.client.post("/sprache/en", data=data)
    assert response.status_code == 400
    assert 'data-verdict="error"' in text_of(response)
    assert html_lang(text_of(reader.client.get("/"))) == "de"


def test_language_switch_rejects_a_foreign_next(app, reader):
    reader.open("/")
    response = reader.post("/sprache/en", {"next": "//evil.example/"})
    assert response.headers["Location"] == "/"


def test_language_switch_keeps_the_page(app, reader):
    """The switch form posts back the page it was on."""
    riddle = make_riddle()
    body = text_of(reader.client.get(f"/raetsel/{riddle.slug}"))
    form = re.search(r'<form class="language-switch".*?</form>', body, re.S).group(0)
    assert f'name="next" value="/raetsel/{riddle.slug}"' in form
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.post("/sprache/en", {"next": f"/raetsel/{riddle.slug}"})
    assert response.headers["Location"] == f"/raetsel/{riddle.slug}"


# --- nicknames compare case-folded -----------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "wanted"),
    [
        ("Jürgen", "JÜRGEN"),  # SQLite's lower() folds ASCII only: this pair would pass it
        ("Jürgen", "jürgen"),
        ("JÜRGEN", "jürgen"),
        ("Straße", "STRASSE"),  # casefold: ß → ss
        ("Straße", "strasse"),
        ("STRASSE", "Straße"),
    ],
)
def test_nicknames_are_compared_case_folded(app, reader, existing, wanted):
    make_player(nickname=existing)
    response = rename(reader, wanted)
    assert response.status_code == 422
    assert TAKEN_MESSAGE in text_of(response)
    assert nicknames() == [existing]


def test_the_database_refuses_a_case_folded_duplicate(app):
    make_player(nickname="Straße")
    db.session.add(Player(nickname="STRASSE"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert nicknames() == ["Straße"]


def test_a_different_name_is_still_free(app, reader):
    make_player(nickname="Jürgen")
    assert rename(reader, "Jürgen2").status_code == 303
    assert nicknames() == ["Jürgen", "Jürgen2"]
