"""A guest's crossword progress moves to the account they log into (docs/rules.md "Accounts").

The rule, per crossword both identities played (one row each, so one must go):

- whoever *solved* it first keeps their row, with its points (a solve beats no solve);
- if neither solved it, the row typed into last is kept (the letters the player saw most
  recently), and its help counts become the larger of the two sides', so a check or a
  revealed letter used on either device still costs its points at the solve.

Rows of crosswords only the guest played simply change hands.
"""

from __future__ import annotations

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import CrosswordProgress

HELP = ("word_checks", "grid_checks", "reveals")


def _keeps_guest(account, guest) -> bool:
    """Whether the guest's row wins over the account's for the same crossword."""
    if account.solved_at is not None or guest.solved_at is not None:
        if guest.solved_at is None:
            return False
        return account.solved_at is None or guest.solved_at < account.solved_at
    return guest.updated_at > account.updated_at


def merge_crossword_progress(guest_id: int, account_id: int) -> int:
    """Move the guest's crossword rows to the account; how many rows moved."""
    rows = db.session.scalars(
        sa.select(CrosswordProgress).where(
            CrosswordProgress.player_id.in_(sorted({guest_id, account_id}))
        )
    ).all()
    by_crossword: dict[int, dict[int, CrosswordProgress]] = {}
    for row in rows:
        by_crossword.setdefault(row.crossword_id, {})[row.player_id] = row
    dropped: list[int] = []
    for pair in by_crossword.values():
        if len(pair) < 2:
            continue
        account, guest = pair[account_id], pair[guest_id]
        keep, drop = (guest, account) if _keeps_guest(account, guest) else (account, guest)
        if keep.solved_at is None:
            help_used = {name: max(getattr(keep, name), getattr(drop, name)) for name in HELP}
            db.session.execute(
                sa.update(CrosswordProgress)
                .where(CrosswordProgress.id == keep.id)
                .values(**help_used, updated_at=keep.updated_at)
            )
        dropped.append(drop.id)
    if dropped:
        db.session.execute(sa.delete(CrosswordProgress).where(CrosswordProgress.id.in_(dropped)))
    moved = db.session.execute(
        sa.update(CrosswordProgress)
        .where(CrosswordProgress.player_id == guest_id)
        .values(player_id=account_id)
    ).rowcount  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult
    return moved
