"""Caches never show stale points: boards and shared pages follow the database's points stamp."""

from __future__ import annotations

import re

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import CacheVersion, Solve
from harzquiz.services import totals
from tests.clients import Reader, csrf_token_from
from tests.database import reset_database
from tests.factories import NOW, make_account, make_partner, make_player, make_riddle
from tests.helpers import html_lang, log_in, new_reader, register, rename, text_of
from tests.quiz_factories import make_quiz, right_values
from tests.quiz_helpers import QuizReader

HTMX = {"HX-Request": "true"}


def board(client, period: str = "woche") -> str:
    return text_of(client.get(f"/rangliste?zeitraum={period}", headers=HTMX))


def test_a_solve_shows_on_the_very_next_request(app, client):
    riddle = make_riddle()
    assert "Kugelkoenig" not in board(client)  # board and shared page now cached
    solver = new_reader(app, f"/raetsel/{riddle.slug}")
    rename(solver, "Kugelkoenig")
    assert "Kugelkoenig" not in board(client)  # renamed, but no points yet
    solver.guess(riddle.slug, "Kugelgrill")
    for period in ("woche", "monat", "gesamt"):
        assert "Kugelkoenig" in board(client, period)
    assert "Kugelkoenig" in text_of(client.get(f"/raetsel/{riddle.slug}"))
    assert "Kugelkoenig" in text_of(client.get("/"))


def test_a_rename_shows_on_the_very_next_request(app, client):
    riddle = make_riddle()
    solver = new_reader(app, f"/raetsel/{riddle.slug}")
    solver.guess(riddle.slug, "Kugelgrill")
    assert "Harzfuchs" not in board(client)
    rename(solver, "Harzfuchs")
    assert "Harzfuchs" in board(client)


def _write_elsewhere(riddle_id: int, player_id: int, bump: bool) -> None:
    """What another app server does: its own connection, commit, and (normally) the stamp."""
    with db.engine.begin() as connection:
        connection.execute(
            sa.insert(Solve).values(
                player_id=player_id, riddle_id=riddle_id, points=70, solved_at=NOW
            )
        )
        totals.apply_points(player_id, 70, NOW, connection)  # its totals listener's write
        if bump:
            connection.execute(
                sa.update(CacheVersion).where(CacheVersion.name == "points").values(token="x1")
            )


def test_points_written_by_another_server_show_once_the_stamp_moves(app, client):
    riddle = make_riddle()
    first, second = make_player(nickname="Erste Hexe"), make_player(nickname="Zweite Hexe")
    riddle_id, first_id, second_id = riddle.id, first.id, second.id
    db.session.commit()
    assert "Erste Hexe" not in board(client)
    # Without the stamp this process keeps its cached board: proof that the cache is used.
    _write_elsewhere(riddle_id, first_id, bump=False)
    assert "Erste Hexe" not in board(client)
    # With it (as the session listener does for every write), the next request recomputes.
    _write_elsewhere(make_riddle().id, second_id, bump=True)
    html = board(client)
    assert "Erste Hexe" in html and "Zweite Hexe" in html


def test_shared_pages_carry_each_readers_own_csrf_token(app):
    riddle = make_riddle()
    one, two = app.test_client(), app.test_client()
    page_one = text_of(one.get(f"/raetsel/{riddle.slug}"))
    page_two = text_of(two.get(f"/raetsel/{riddle.slug}"))  # served from the cache
    token_one, token_two = csrf_token_from(page_one), csrf_token_from(page_two)
    assert token_one != token_two
    assert "\x00" not in page_two
    assert page_two.count(token_two) == page_one.count(token_one) >= 2  # forms and data-hx-headers
    for client, token in ((one, token_one), (two, token_two)):
        response = client.post(
            f"/raetsel/{riddle.slug}/raten",
            data={"csrf_token": token, "guess": "Brocken"},
            headers=HTMX,
        )
        assert response.status_code == 200
        assert 'data-verdict="wrong"' in text_of(response)


def test_a_players_page_is_neither_shared_nor_served_from_the_cache(app):
    riddle = make_riddle()
    guest = app.test_client()
    assert "1952" not in text_of(guest.get(f"/raetsel/{riddle.slug}"))
    player = new_reader(app, f"/raetsel/{riddle.slug}")
    player.post(f"/raetsel/{riddle.slug}/loesung", htmx=True)  # gives up: sees the solution
    assert "1952" in text_of(player.client.get(f"/raetsel/{riddle.slug}"))
    again = text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))
    assert "1952" not in again and "Kugelgrill" not in again


def test_the_shared_page_follows_the_readers_language(app):
    riddle = make_riddle()
    german = text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))
    assert html_lang(german) == "de"
    english_reader = new_reader(app, "/")
    english_reader.post("/sprache/en", {"next": "/"})
    english = text_of(english_reader.client.get(f"/raetsel/{riddle.slug}"))
    assert html_lang(english) == "en"
    assert html_lang(text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))) == "de"


def test_registering_and_logging_in_show_on_the_very_next_request(app, client):
    riddle, other = make_riddle(), make_riddle()
    onlooker = app.test_client()
    guest = new_reader(app, f"/raetsel/{riddle.slug}")
    guest.guess(riddle.slug, "Kugelgrill")
    assert "Brockenhexe" not in board(onlooker, "gesamt")  # the onlooker's board is cached
    assert register(guest.client, "Brockenhexe", "hexe@example.org").status_code == 303
    assert "Brockenhexe" in board(onlooker, "gesamt")
    # A guest with points logs into that account: the merged total shows at once.
    second = new_reader(app, f"/raetsel/{other.slug}")
    second.guess(other.slug, "Kugelgrill")
    before = board(onlooker, "gesamt")
    assert log_in(second.client, "hexe@example.org").status_code == 303
    after = board(onlooker, "gesamt")
    assert after != before
    assert re.search(r"<td>Brockenhexe</td><td>200</td>", after)


def test_a_logged_in_readers_page_is_not_the_shared_one(app):
    riddle = make_riddle()
    text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))  # the shared page exists
    account = make_account(nickname="Konto Hexe")
    reader = app.test_client()
    assert log_in(reader, account.email).status_code == 303
    html = text_of(reader.get(f"/raetsel/{riddle.slug}"))
    assert "Abmelden (Konto Hexe)" in html
    assert "Konto Hexe" not in text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))


def test_partner_embeds_are_never_shared_between_readers(app):
    """An embed page carries its reader's signed session token (t=) in its form actions."""
    make_riddle(slug="kugel")
    key = make_partner().embed_key
    tokens = []
    for _ in range(2):
        client = app.test_client(use_cookies=False)  # cookies blocked: the token carries all
        page = text_of(client.get(f"/embed/{key}/raetsel/kugel"))
        match = re.search(r'action="[^"]*/raten\?t=([^"&]+)', page)
        assert match, "the embed form carries no session token"
        tokens.append(match.group(1))
    assert tokens[0] != tokens[1]


def test_quiz_points_show_on_the_very_next_request(app, client):
    quiz = make_quiz(slug="harz-quiz")
    quizzer = QuizReader(app.test_client(), quiz)
    rename(Reader(quizzer.client), "Quizkoenigin")
    for period in ("woche", "monat", "gesamt"):
        assert "Quizkoenigin" not in board(client, period)  # cached without her
    response = quizzer.answer(right_values(quizzer.current_question()))
    assert response.status_code == 200
    for period in ("woche", "monat", "gesamt"):
        assert "Quizkoenigin" in board(client, period)


def stamps() -> dict[str, str]:
    return dict(db.session.execute(sa.select(CacheVersion.name, CacheVersion.token)).all())


def test_an_emptied_database_serves_no_board_cached_before(app, client):
    """Tests empty the tables between them (tests.database), and ids start again at 1; the
    process-wide board memo and the page cache must not serve what an earlier test saw."""
    riddle = make_riddle()
    first_id = riddle.id
    solver = new_reader(app, f"/raetsel/{riddle.slug}")
    rename(solver, "Kugelkoenig")
    solver.guess(riddle.slug, "Kugelgrill")
    assert "Kugelkoenig" in board(client)  # cached now, under this points stamp
    before = stamps()
    reset_database()
    after = stamps()
    assert after.keys() == before.keys()
    assert all(after[name] != before[name] for name in before)
    assert "Kugelkoenig" not in board(client)
    assert make_riddle().id == first_id
