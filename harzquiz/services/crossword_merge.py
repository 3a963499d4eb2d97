"""A guest's crossword progress moves to the account they log into (docs/rules.md).

Per crossword both identities played, one row stays (a player has one row per crossword):
a solve beats no solve; of two solves the earlier wins (on a tie the account's), as for
riddles; of two unsolved grids the one typed into last, which is the grid the reader just
saw. The other row is dropped. Called inside `merge.merge_guest_into`'s transaction.
"""

from __future__ import annotations

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import CrosswordProgress


def _key(row, account_id: int) -> tuple:
    """Sorts the row that stays first."""
    solved = row.solved_at is not None
    if solved:
        return (0, row.solved_at, row.player_id != account_id)
    return (1, -row.updated_at.timestamp(), row.player_id != account_id)


def merge_crossword_progress(guest_id: int, account_id: int) -> int:
    """Move the guest's crossword rows to the account; how many moved."""
    rows = db.session.execute(
        sa.select(
            CrosswordProgress.id,
            CrosswordProgress.crossword_id,
            CrosswordProgress.player_id,
            CrosswordProgress.solved_at,
            CrosswordProgress.updated_at,
        ).where(CrosswordProgress.player_id.in_(sorted({guest_id, account_id})))
    ).all()
    by_crossword: dict[int, list] = {}
    for row in rows:
        by_crossword.setdefault(row.crossword_id, []).append(row)
    dropped = [
        loser.id
        for pair in by_crossword.values()
        if len(pair) == 2
        for loser in sorted(pair, key=lambda row: _key(row, account_id))[1:]
    ]
    if dropped:
        db.session.execute(
            sa.delete(CrosswordProgress).where(CrosswordProgress.id.in_(sorted(dropped)))
        )
    return db.session.execute(
        sa.update(CrosswordProgress)
        .where(CrosswordProgress.player_id == guest_id)
        .values(player_id=account_id)
    ).rowcount  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
