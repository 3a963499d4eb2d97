"""How each riddle performs, for the editor desk: every riddle's counts in one query."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from harzquiz.models import Guess, Reveal, Riddle, Solve
from harzquiz.rules.lifecycle import Status, riddle_status


@dataclass(frozen=True)
class RiddleRow:
    """One riddle in the editors' list with its status and counts."""

    riddle: Riddle
    status: Status
    players: int  # distinct players who guessed or revealed
    guesses: int
    solves: int
    reveals: int

    @property
    def solve_rate(self) -> float:
        """Share of the riddle's players who solved it (0 when nobody played)."""
        return self.solves / self.players if self.players else 0.0


def _counted(model, label: str):
    """Rows per riddle in `model`, grouped (a subquery to outer-join)."""
    return (
        sa.select(model.riddle_id, sa.func.count().label(label))
        .group_by(model.riddle_id)
        .subquery()
    )


def riddle_list() -> sa.Select:
    """Every riddle with its counts, newest publish time first (drafts on top), as one
    statement: the desk paginates it (rows of riddle, players, guesses, solves, reveals)."""
    guesses, solves, reveals = _counted(Guess, "n"), _counted(Solve, "n"), _counted(Reveal, "n")
    who = sa.union(
        sa.select(Guess.riddle_id, Guess.player_id),
        sa.select(Reveal.riddle_id, Reveal.player_id),
    ).subquery()
    players = (
        sa.select(who.c.riddle_id, sa.func.count().label("n")).group_by(who.c.riddle_id).subquery()
    )
    return (
        sa.select(
            Riddle,
            *(sa.func.coalesce(sub.c.n, 0) for sub in (players, guesses, solves, reveals)),
        )
        .outerjoin(players, players.c.riddle_id == Riddle.id)
        .outerjoin(guesses, guesses.c.riddle_id == Riddle.id)
        .outerjoin(solves, solves.c.riddle_id == Riddle.id)
        .outerjoin(reveals, reveals.c.riddle_id == Riddle.id)
        .order_by(Riddle.publish_at.is_(None).desc(), Riddle.publish_at.desc(), Riddle.id.desc())
    )


def riddle_rows(now: datetime, rows: Iterable[Sequence]) -> list[RiddleRow]:
    """Rows of :func:`riddle_list` (one page of it) as the desk shows them."""
    return [
        RiddleRow(
            riddle=riddle,
            status=riddle_status(riddle.publish_at, riddle.closes_at, now),
            players=n_players,
            guesses=n_guesses,
            solves=n_solves,
            reveals=n_reveals,
        )
        for riddle, n_players, n_guesses, n_solves, n_reveals in rows
    ]
