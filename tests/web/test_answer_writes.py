"""The quiz answer's cheap writes (issue 14, item 4) stay right: the progress an answer hands
to its feedback is the progress stored, and expired reveal traces are still deleted."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Flag, RevealTrace
from harzquiz.rules.fairplay import Evidence
from harzquiz.services import fairplay, quiz_play
from tests.factories import NOW, make_player, make_riddle, make_solve
from tests.quiz_factories import make_quiz, right_values, wrong_values


def _no_new_player():
    raise AssertionError("the player exists: no guest may be created")


def test_the_progress_after_each_answer_is_the_stored_one(app):
    """Through a first round (right and wrong, with points) into a practice round: the
    progress derived under the lock equals a fresh read after the commit."""
    quiz = make_quiz()
    player = make_player()
    questions = list(quiz.questions)
    plan = [(1, q, right_values(q) if n % 2 else wrong_values(q)) for n, q in enumerate(questions)]
    plan += [(2, q, right_values(q)) for q in questions[:2]]
    for attempt, question, values in plan:
        outcome = quiz_play.answer_question(
            quiz, player, question.id, attempt, values, NOW, _no_new_player, Evidence(None, None)
        )
        assert outcome.error is None and outcome.progress is not None
        stored = quiz_play.load_progress(quiz, player, NOW)
        assert outcome.progress == stored
    assert stored.attempt == 2 and len(stored.answers) == 2
    assert stored.first_points > 0 and stored.first_correct == len(questions) // 2


def _trace(revealed_at) -> RevealTrace:
    trace = RevealTrace(riddle_id=make_riddle().id, revealed_at=revealed_at, address_hash="a")
    db.session.add(trace)
    db.session.flush()
    return trace


def _reveal(player_id: int, now) -> None:
    fairplay.record_reveal(player_id, now, Evidence("b", None), riddle_id=make_riddle().id)
    db.session.commit()


def _trace_ids() -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(sa.select(RevealTrace.id)))


def test_expired_traces_are_deleted_by_a_reveal_at_most_once_a_minute(app, monkeypatch):
    monkeypatch.setattr(fairplay, "_last_prune", [])
    old = NOW - fairplay.TRACE_RETENTION - timedelta(minutes=1)
    expired, fresh = _trace(old), _trace(NOW - timedelta(hours=1))
    flagged = _trace(old)
    solver = make_player()
    solve = make_solve(solver, make_riddle(), 10, NOW)
    db.session.add(
        Flag(
            player_id=solver.id,
            trace_id=flagged.id,
            solve_id=solve.id,
            gap_seconds=5,
            address_match=True,
            device_match=False,
        )
    )
    expired_id, fresh_id, flagged_id = expired.id, fresh.id, flagged.id
    db.session.commit()
    player_id = make_player().id

    _reveal(player_id, NOW)
    after_first = _trace_ids()
    assert expired_id not in after_first  # expired and unflagged: gone with its evidence
    assert {fresh_id, flagged_id} <= after_first  # within retention, or a flag's evidence

    late = _trace(old).id
    db.session.commit()
    _reveal(player_id, NOW + timedelta(seconds=30))
    assert late in _trace_ids()  # within the interval: no second DELETE
    _reveal(player_id, NOW + fairplay.PRUNE_INTERVAL)
    assert late not in _trace_ids()
    assert len(_trace_ids() - {fresh_id, flagged_id}) == 3  # the three reveals' own traces
