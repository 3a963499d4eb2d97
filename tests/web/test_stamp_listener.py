"""The session listener (harzquiz.caching.listener) is what keeps every cache fresh.

No call site moves a stamp by hand: these tests show the listener doing it for the unit of
work and for bulk statements, and that without it the boards and shared pages go stale.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from harzquiz.caching import listener, stamps
from harzquiz.extensions import db
from harzquiz.models import CacheVersion, Player, Riddle, Solve
from harzquiz.services import totals_listener
from tests.factories import NOW, make_player, make_riddle, make_solve
from tests.helpers import new_reader, rename, text_of
from tests.quiz_factories import make_quiz, right_values, wrong_values
from tests.quiz_helpers import QuizReader

HTMX = {"HX-Request": "true"}
LISTENERS = (
    ("before_flush", listener._flush_moves_stamps),
    ("do_orm_execute", listener._statement_moves_stamps),
    # New points move the stamp from the totals listener (only when a top list changes).
    ("after_flush", totals_listener._keep_totals),
)


def board(client) -> str:
    return text_of(client.get("/rangliste?zeitraum=woche", headers=HTMX))


def stamp(app, name: str) -> str:
    """The stamp as committed now, read on a connection of its own.

    (Not stamps.current_version: inside the test's app context `g` keeps the first read,
    and requests run in app contexts of their own, so a stamp they move would not show.)
    """
    with db.engine.connect() as connection:
        return connection.scalar(sa.select(CacheVersion.token).where(CacheVersion.name == name))


@pytest.fixture
def without_listener():
    """Detach the stamp listener for one test, and always attach it again."""
    for name, function in LISTENERS:
        event.remove(Session, name, function)
    try:
        yield
    finally:
        for name, function in LISTENERS:
            if not event.contains(Session, name, function):
                event.listen(Session, name, function)


def _solve_after_the_board_is_cached(app, client) -> str:
    riddle = make_riddle()
    slug = riddle.slug
    solver = new_reader(app, f"/raetsel/{slug}")
    rename(solver, "Listenerhexe")
    assert "Listenerhexe" not in board(client)  # board and shared page now cached
    assert "Listenerhexe" not in text_of(client.get(f"/raetsel/{slug}"))
    yield slug
    solver.guess(slug, "Kugelgrill")
    yield slug


def test_with_the_listener_a_solve_shows_on_the_next_request(app, client):
    steps = _solve_after_the_board_is_cached(app, client)
    slug = next(steps)
    next(steps)  # solves
    assert "Listenerhexe" in board(client)
    assert "Listenerhexe" in text_of(client.get(f"/raetsel/{slug}"))


def test_without_the_listener_the_board_and_pages_go_stale(app, client, without_listener):
    steps = _solve_after_the_board_is_cached(app, client)
    slug = next(steps)
    points = stamp(app, stamps.POINTS)
    next(steps)  # solves: nothing moves the stamp now
    assert stamp(app, stamps.POINTS) == points
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Solve)) == 1
    assert "Listenerhexe" not in board(client)  # stale: the proof the listener is needed
    assert "Listenerhexe" not in text_of(client.get(f"/raetsel/{slug}"))


def test_the_listener_is_attached_again_after_the_test_without_it(app):
    for name, function in LISTENERS:
        assert event.contains(Session, name, function)


def test_a_bulk_update_of_solves_through_the_session_moves_points(app, client):
    riddle, player = make_riddle(), make_player(nickname="Bulkhexe")
    make_solve(player, riddle, 10, NOW)
    assert "<td>Bulkhexe</td><td>10</td>" in board(client)
    before = stamp(app, stamps.POINTS)
    content = stamp(app, stamps.CONTENT)
    db.session.execute(sa.update(Solve).where(Solve.player_id == player.id).values(points=77))
    db.session.commit()
    assert stamp(app, stamps.POINTS) != before
    assert stamp(app, stamps.CONTENT) == content  # solves are not content
    assert "<td>Bulkhexe</td><td>77</td>" in board(client)


def test_bulk_insert_and_delete_of_solves_move_points(app):
    riddle, player = make_riddle(), make_player()
    riddle_id, player_id = riddle.id, player.id
    before = stamp(app, stamps.POINTS)
    db.session.execute(
        sa.insert(Solve),
        [{"player_id": player_id, "riddle_id": riddle_id, "points": 5, "solved_at": NOW}],
    )
    db.session.commit()
    inserted = stamp(app, stamps.POINTS)
    db.session.execute(sa.delete(Solve).where(Solve.player_id == player_id))
    db.session.commit()
    assert len({before, inserted, stamp(app, stamps.POINTS)}) == 3


def test_a_core_statement_on_the_connection_is_not_seen(app):
    """The documented limit: only statements run through the session move a stamp."""
    riddle, player = make_riddle(), make_player()
    make_solve(player, riddle, 10, NOW)
    before = stamp(app, stamps.POINTS)
    db.session.connection().execute(sa.update(Solve.__table__).values(points=11))
    db.session.commit()
    assert stamp(app, stamps.POINTS) == before


def test_a_bulk_update_of_riddles_moves_content_not_points(app):
    riddle = make_riddle()
    points, content = stamp(app, stamps.POINTS), stamp(app, stamps.CONTENT)
    db.session.execute(sa.update(Riddle).where(Riddle.id == riddle.id).values(title="Neu"))
    db.session.commit()
    assert stamp(app, stamps.CONTENT) != content
    assert stamp(app, stamps.POINTS) == points


def test_a_nickname_change_moves_points_and_other_player_writes_do_not(app, client):
    riddle, player = make_riddle(), make_player(nickname="Alter Name")
    make_solve(player, riddle, 10, NOW)
    assert "Alter Name" in board(client)
    before = stamp(app, stamps.POINTS)
    player.email = "neu@example.org"  # not on any board
    db.session.commit()
    assert stamp(app, stamps.POINTS) == before
    make_player(nickname="Neuer Gast")  # a new player has no points: on no board yet
    assert stamp(app, stamps.POINTS) == before
    player.nickname = "Neuer Name"
    db.session.commit()
    assert stamp(app, stamps.POINTS) != before
    html = board(client)
    assert "Neuer Name" in html and "Alter Name" not in html


def test_deleting_a_player_moves_points(app):
    player = make_player()
    before = stamp(app, stamps.POINTS)
    db.session.delete(player)
    db.session.commit()
    deleted = stamp(app, stamps.POINTS)
    assert deleted != before
    other = make_player()
    db.session.execute(sa.delete(Player).where(Player.id == other.id))  # the merge's way
    db.session.commit()
    assert stamp(app, stamps.POINTS) != deleted


def test_a_quiz_answer_moves_points_only_with_points(app):
    quiz = make_quiz(slug="stempel-quiz")
    quizzer = QuizReader(app.test_client(), quiz)
    before = stamp(app, stamps.POINTS)
    assert quizzer.answer(wrong_values(quizzer.current_question())).status_code == 200
    assert stamp(app, stamps.POINTS) == before  # no points: no board changes
    assert quizzer.answer(right_values(quizzer.current_question())).status_code == 200
    assert stamp(app, stamps.POINTS) != before
