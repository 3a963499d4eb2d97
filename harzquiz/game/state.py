"""One player's progress on one riddle, read in a few indexed queries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

import sqlalchemy as sa

from ..extensions import db
from ..models import Guess, Hint, HintUnlock, Player, Reveal, Riddle, Solve
from . import scoring
from .answers import normalise
from .lifecycle import Status, riddle_status


@dataclass(frozen=True)
class PlayerState:
    """Everything the riddle widget needs to know about one player and one riddle."""

    status: Status
    attempts: int = 0
    wrong_guesses: int = 0
    unlocked_positions: frozenset[int] = frozenset()
    solve: Solve | None = None
    revealed: bool = False
    value: int = 0  # points a solve would earn now
    guesses: tuple[str, ...] = ()  # the texts as typed, normalised only when a guess asks

    @cached_property
    def tried(self) -> frozenset[str]:
        """The normalised guesses so far (only the guess action needs them: computed lazily)."""
        return frozenset(normalise(text) for text in self.guesses)

    @property
    def solved(self) -> bool:
        """Whether this player has solved the riddle."""
        return self.solve is not None

    @property
    def playing(self) -> bool:
        """Guessing, hints and reveal are open only while live, unsolved and not given up."""
        return self.status is Status.LIVE and not self.solved and not self.revealed

    @property
    def solution_visible(self) -> bool:
        """The solution may be shown: the riddle closed, or this player gave up or solved it."""
        return self.status is Status.CLOSED or self.revealed or self.solved


def load_state(riddle: Riddle, player: Player | None, now: datetime) -> PlayerState:
    """Read one player's progress on a riddle (no player yet: a fresh state)."""
    status = riddle_status(riddle.publish_at, riddle.closes_at, now)
    if player is None:
        return PlayerState(status=status, value=scoring.riddle_value(riddle.points, 0, ()))
    guesses = db.session.execute(
        sa.select(Guess.text, Guess.verdict).where(
            Guess.riddle_id == riddle.id, Guess.player_id == player.id
        )
    ).all()
    unlocked = frozenset(
        db.session.scalars(
            sa.select(Hint.position)
            .join(HintUnlock, HintUnlock.hint_id == Hint.id)
            .where(Hint.riddle_id == riddle.id, HintUnlock.player_id == player.id)
        )
    )
    solve = db.session.scalar(
        sa.select(Solve).where(Solve.riddle_id == riddle.id, Solve.player_id == player.id)
    )
    revealed = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Reveal)
        .where(Reveal.riddle_id == riddle.id, Reveal.player_id == player.id)
    )
    wrong = sum(1 for guess in guesses if guess.verdict == "wrong")
    return PlayerState(
        status=status,
        attempts=len(guesses),
        wrong_guesses=wrong,
        unlocked_positions=unlocked,
        solve=solve,
        revealed=bool(revealed),
        value=_value(riddle, wrong, unlocked),
        guesses=tuple(guess.text for guess in guesses),
    )


def _value(riddle: Riddle, wrong: int, unlocked: frozenset[int]) -> int:
    costs = [hint.cost for hint in riddle.hints if hint.position in unlocked]
    return scoring.riddle_value(riddle.points, wrong, costs)


# The state after an action, derived from the state the action read under the player lock
# (plus what it wrote), so the answer needs no second round of reads.


def after_guess(state: PlayerState, riddle: Riddle, text: str, verdict: str) -> PlayerState:
    """The state once this (stored) guess has been judged `verdict`; a solve comes separately."""
    wrong = state.wrong_guesses + (verdict == "wrong")
    return replace(
        state,
        attempts=state.attempts + 1,
        wrong_guesses=wrong,
        value=_value(riddle, wrong, state.unlocked_positions),
        guesses=(*state.guesses, text),
    )


def after_unlock(state: PlayerState, riddle: Riddle, position: int) -> PlayerState:
    """The state once hint `position` is unlocked."""
    unlocked = state.unlocked_positions | {position}
    return replace(
        state,
        unlocked_positions=unlocked,
        value=_value(riddle, state.wrong_guesses, unlocked),
    )


def refusal(state: PlayerState) -> str | None:
    """Why this player may not act on the riddle now, or None if they may."""
    if state.status is Status.CLOSED:
        return "closed"
    if state.solved:
        return "solved"
    if state.revealed:
        return "revealed"
    return None


def lock_player(player: Player) -> None:
    """Serialise this player's actions: a no-op UPDATE takes the row (PostgreSQL) or the
    database (SQLite) write lock until commit, so state read afterwards cannot go stale."""
    db.session.execute(sa.update(Player).where(Player.id == player.id).values(id=Player.id))
