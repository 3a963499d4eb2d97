"""A guest's quiz rounds move to the account they log into (docs/rules.md "Accounts").

The rule, per quiz both identities played: the rounds are numbered again by when they
started, so the round that started first is round 1 and keeps its points; every later
round, including the other identity's first one, becomes practice (its points drop to 0).
That matches play, where only a player's first round counts.
"""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import QuizAnswer, QuizAttempt

# Temporary round numbers while both identities' rounds are renumbered: far above any real
# round, and apart per side, so the unique (quiz, player, number) never clashes midway.
_ACCOUNT_OFFSET = 1_000_000
_GUEST_OFFSET = 2_000_000


def merge_quiz_rounds(guest_id: int, account_id: int) -> int:
    """Move the guest's quiz rounds and answers to the account; how many rounds moved."""
    rows = db.session.execute(
        sa.select(
            QuizAttempt.id, QuizAttempt.quiz_id, QuizAttempt.player_id, QuizAttempt.started_at
        ).where(QuizAttempt.player_id.in_(sorted({guest_id, account_id})))
    ).all()
    by_quiz: dict[int, list] = defaultdict(list)
    for row in rows:
        by_quiz[row.quiz_id].append(row)
    shared = {
        quiz_id: rounds
        for quiz_id, rounds in by_quiz.items()
        if {row.player_id for row in rounds} == {guest_id, account_id}
    }
    for player_id, offset in ((account_id, _ACCOUNT_OFFSET), (guest_id, _GUEST_OFFSET)):
        _shift_numbers(player_id, sorted(shared), offset)
    moved = db.session.execute(
        sa.update(QuizAttempt).where(QuizAttempt.player_id == guest_id).values(player_id=account_id)
    ).rowcount  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
    db.session.execute(
        sa.update(QuizAnswer).where(QuizAnswer.player_id == guest_id).values(player_id=account_id)
    )
    practice: list[int] = []
    for rounds in shared.values():
        # Earliest start first; on a tie the account's round stays first.
        ordered = sorted(rounds, key=lambda row: (row.started_at, row.player_id != account_id))
        for number, row in enumerate(ordered, start=1):
            db.session.execute(
                sa.update(QuizAttempt).where(QuizAttempt.id == row.id).values(number=number)
            )
        practice += [row.id for row in ordered[1:]]
    if practice:
        db.session.execute(
            sa.update(QuizAnswer)
            .where(QuizAnswer.attempt_id.in_(sorted(practice)))
            .values(points=0)
        )
    return moved


def _shift_numbers(player_id: int, quiz_ids: list[int], offset: int) -> None:
    """Move a player's round numbers of these quizzes out of the way of the renumbering."""
    if quiz_ids:
        db.session.execute(
            sa.update(QuizAttempt)
            .where(QuizAttempt.player_id == player_id, QuizAttempt.quiz_id.in_(quiz_ids))
            .values(number=QuizAttempt.number + offset)
        )
