"""A returning reader's reads outside the ORM session (caching.reads): the same rows and
values as through the session, never older than the request's own writes, the connection
given back after every request, and a page's guest (a detached Player) still saving what a
page changes on it."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy import inspect

from harzquiz.caching import reads
from harzquiz.extensions import db
from harzquiz.models import Guess, HintUnlock, Player, QuizAnswer, QuizAttempt, Reveal
from harzquiz.players.current import _GUEST_ROW, current_player, new_guest_secret
from harzquiz.services.leaderboard import _MINE
from harzquiz.services.quiz_play import PROGRESS_ROWS
from harzquiz.services.state import STATE_ROWS
from tests.factories import MONDAY, make_player, make_riddle, make_solve
from tests.helpers import play_as, text_of
from tests.quiz_factories import make_quiz

NOW = MONDAY + timedelta(hours=3)


def _played(player: Player):
    """A riddle with a wrong guess, a hint, a solve and a reveal of `player`, and a quiz
    round with a right and a wrong answer: every kind of value these reads return."""
    riddle = make_riddle()
    quiz = make_quiz()
    db.session.add(Guess(player_id=player.id, riddle_id=riddle.id, text="Grill", verdict="near"))
    db.session.add(HintUnlock(player_id=player.id, hint_id=riddle.hints[0].id, unlocked_at=NOW))
    db.session.add(Reveal(player_id=player.id, riddle_id=riddle.id, revealed_at=NOW))
    attempt = QuizAttempt(quiz_id=quiz.id, player_id=player.id, number=1, started_at=NOW)
    db.session.add(attempt)
    db.session.flush()
    for question, right in zip(quiz.questions[:2], (True, False), strict=True):
        db.session.add(
            QuizAnswer(
                attempt_id=attempt.id,
                question_id=question.id,
                player_id=player.id,
                response="x",
                correct=right,
                points=10 if right else 0,
                answered_at=NOW,
            )
        )
    db.session.commit()
    make_solve(player, riddle, 80, NOW + timedelta(minutes=5))
    return riddle, quiz


def test_plain_reads_return_what_the_session_returns(app):
    player = make_player(banned_at=NOW, rename_notice="Grund")
    riddle, quiz = _played(player)
    cases = [
        (STATE_ROWS, {"riddle_id": riddle.id, "player_id": player.id}),
        (PROGRESS_ROWS, {"quiz_id": quiz.id, "player_id": player.id}),
        (_MINE, {"period": "all", "player_id": player.id}),
        (_GUEST_ROW, {"id": player.id}),
    ]
    db.session.commit()  # the test's own reads opened a transaction: end it
    with app.test_request_context("/"):
        assert reads.plain_connection() is not None
        plain = [reads.rows(statement, params) for statement, params in cases]
        through_session = [
            db.session.connection().execute(statement, params).all() for statement, params in cases
        ]
    for (statement, _params), mine, theirs in zip(cases, plain, through_session, strict=True):
        assert [tuple(row) for row in mine] == [tuple(row) for row in theirs]
        # Same types too: datetimes with their zone, booleans as booleans.
        assert [[type(v) for v in row] for row in mine] == [
            [type(v) for v in row] for row in theirs
        ]
        assert all(row._fields == tuple(statement.selected_columns.keys()) for row in mine)
    assert {row.kind for row in plain[0]} == {"guess", "hint", "solve", "reveal"}
    assert {row.correct for row in plain[1]} == {True, False}
    (guest,) = plain[3]
    assert guest.banned_at == NOW and guest.banned_at.tzinfo is not None


def test_a_read_sees_the_requests_own_writes_before_and_after_commit(app):
    player = make_player()
    riddle = make_riddle()
    params = {"riddle_id": riddle.id, "player_id": player.id}
    db.session.commit()
    with app.test_request_context("/"):
        assert reads.rows(STATE_ROWS, params) == []  # the plain connection is open now
        db.session.add(Guess(player_id=player.id, riddle_id=riddle.id, text="A", verdict="wrong"))
        db.session.flush()
        # Not committed: only the session's connection sees it, and the read takes that one.
        assert reads.plain_connection() is None
        assert [row.text for row in reads.rows(STATE_ROWS, params)] == ["A"]
        db.session.commit()
        # Committed: the plain connection opened before sees it too.
        assert reads.plain_connection() is not None
        assert [row.text for row in reads.rows(STATE_ROWS, params)] == ["A"]


def test_every_request_gives_its_plain_connection_back(app, client):
    player = make_player()
    riddle, _quiz = _played(player)
    play_as(client, player)
    pool = db.engine.pool
    before = pool.checkedout()
    for path in (
        f"/raetsel/{riddle.slug}",
        "/rangliste",
        "/gibt-es-nicht",
        f"/raetsel/{riddle.slug}",
    ):
        client.get(path)
        assert pool.checkedout() == before, path


def test_a_pages_guest_is_read_outside_the_session(app, client):
    player = make_player()
    riddle, _quiz = _played(player)
    play_as(client, player)
    loaded: list[str] = []

    def note(orm_execute_state):
        if orm_execute_state.is_select and orm_execute_state.is_orm_statement:
            loaded.extend(d["name"] for d in orm_execute_state.statement.column_descriptions)

    sa.event.listen(db.session, "do_orm_execute", note)
    try:
        page = client.get(f"/raetsel/{riddle.slug}")
    finally:
        sa.event.remove(db.session, "do_orm_execute", note)
    assert page.status_code == 200
    assert "Player" not in loaded
    assert player.nickname in text_of(page)


def test_a_guests_rename_notice_taken_on_a_page_is_saved(app, client):
    player = make_player(rename_notice="Der Name verstößt gegen die Regeln.")
    riddle, _quiz = _played(player)
    play_as(client, player)
    page = f"/raetsel/{riddle.slug}"  # its guest is read outside the session (test above)
    assert "Der Name verstößt gegen die Regeln." in text_of(client.get(page))
    assert "Der Name verstößt gegen die Regeln." not in text_of(client.get(page))
    db.session.expire_all()
    assert db.session.scalar(sa.select(Player.rename_notice).where(Player.id == player.id)) is None


def test_a_request_holds_one_connection_at_a_time(app):
    player = make_player()
    riddle = make_riddle()
    params = {"riddle_id": riddle.id, "player_id": player.id}
    db.session.commit()
    pool = db.engine.pool
    with app.test_request_context("/"):
        reads.rows(STATE_ROWS, params)
        assert pool.checkedout() == 1  # the plain connection
        db.session.add(Guess(player_id=player.id, riddle_id=riddle.id, text="B", verdict="wrong"))
        db.session.flush()  # the session's transaction takes a connection: the plain one went back
        assert pool.checkedout() == 1
        db.session.commit()
        reads.rows(STATE_ROWS, params)
        assert pool.checkedout() == 1
    assert pool.checkedout() == 0


def test_a_change_to_the_pages_guest_is_saved_when_the_session_loaded_it_too(app):
    player = make_player(rename_notice="Alt", guest_secret=new_guest_secret())
    cookie = {"player_id": player.id, "guest_secret": player.guest_secret}
    db.session.close()  # as at the start of a request: no transaction, nothing loaded
    with app.test_request_context("/"):
        from flask import session

        session.update(cookie)
        guest = current_player()
        assert guest is not None and inspect(guest).detached
        same_row = db.session.get(Player, player.id)  # the session's own copy
        guest.rename_notice = None
        assert same_row.rename_notice is None
        db.session.commit()
    db.session.expire_all()
    assert db.session.scalar(sa.select(Player.rename_notice).where(Player.id == player.id)) is None
