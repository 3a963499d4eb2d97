"""One player's progress on one riddle, read in a few indexed queries."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

import sqlalchemy as sa

from harzquiz.caching import reads
from harzquiz.extensions import db
from harzquiz.models import Guess, Hint, HintUnlock, Player, Reveal, Riddle, Solve
from harzquiz.rules import scoring
from harzquiz.rules.answers import normalise
from harzquiz.rules.lifecycle import Status, riddle_status
from harzquiz.rules.refusals import Refusal


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


def _state_rows() -> sa.Select:
    """One statement for all four parts of a player's state, tagged by kind.

    Built once: the hot path (every guess, hint and reveal) runs it as a prebuilt Core
    statement on the session's connection, in the transaction that holds the player lock.
    Guesses come in the order they were made.
    """
    guess, hint, unlock = Guess.__table__, Hint.__table__, HintUnlock.__table__
    solve, reveal = Solve.__table__, Reveal.__table__
    riddle_id: sa.BindParameter[int] = sa.bindparam("riddle_id")
    player_id: sa.BindParameter[int] = sa.bindparam("player_id")
    no_text = sa.cast(sa.null(), sa.String)
    no_number = sa.cast(sa.null(), sa.Integer)
    no_time = sa.cast(sa.null(), guess.c.created_at.type)
    parts = [
        sa.select(
            sa.literal("guess").label("kind"),
            guess.c.id,
            guess.c.text.label("text"),
            guess.c.verdict.label("verdict"),
            no_number.label("number"),
            no_time.label("at"),
        ).where(guess.c.riddle_id == riddle_id, guess.c.player_id == player_id),
        sa.select(sa.literal("hint"), unlock.c.id, no_text, no_text, hint.c.position, no_time)
        .join_from(unlock, hint, unlock.c.hint_id == hint.c.id)
        .where(hint.c.riddle_id == riddle_id, unlock.c.player_id == player_id),
        sa.select(
            sa.literal("solve"), solve.c.id, no_text, no_text, solve.c.points, solve.c.solved_at
        ).where(solve.c.riddle_id == riddle_id, solve.c.player_id == player_id),
        sa.select(sa.literal("reveal"), reveal.c.id, no_text, no_text, no_number, no_time).where(
            reveal.c.riddle_id == riddle_id, reveal.c.player_id == player_id
        ),
    ]
    union = sa.union_all(*parts).subquery()
    return sa.select(union).order_by(union.c.kind, union.c.id)


STATE_ROWS = _state_rows()


def load_state(riddle: Riddle, player: Player | None, now: datetime) -> PlayerState:
    """Read one player's progress on a riddle in one statement (no player yet: a fresh state)."""
    status = riddle_status(riddle.publish_at, riddle.closes_at, now)
    if player is None:
        return PlayerState(status=status, value=scoring.riddle_value(riddle.points, 0, ()))
    # A reader's page: outside the ORM session (caching.reads).
    rows = reads.rows(STATE_ROWS, {"riddle_id": riddle.id, "player_id": player.id})
    guesses = [row for row in rows if row.kind == "guess"]
    unlocked = frozenset(row.number for row in rows if row.kind == "hint")
    solve = next(
        (
            Solve(
                id=row.id,
                player_id=player.id,
                riddle_id=riddle.id,
                points=row.number,
                solved_at=row.at,
            )
            for row in rows
            if row.kind == "solve"
        ),
        None,
    )
    wrong = sum(1 for guess in guesses if guess.verdict == "wrong")
    return PlayerState(
        status=status,
        attempts=len(guesses),
        wrong_guesses=wrong,
        unlocked_positions=unlocked,
        solve=solve,
        revealed=any(row.kind == "reveal" for row in rows),
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


def refusal(state: PlayerState) -> Refusal | None:
    """Why this player may not act on the riddle now, or None if they may."""
    if state.status is Status.CLOSED:
        return Refusal.CLOSED
    if state.solved:
        return Refusal.SOLVED
    if state.revealed:
        return Refusal.REVEALED
    return None


_PLAYER = Player.__table__
# The no-op sets a column no index covers. `SET id = id` names the rowid, which SQLite
# treats as a moved row (its pages were written to the WAL on every action; measured),
# and PostgreSQL as a change to an indexed column (new index entries, no HOT update).
# Setting an unindexed column to itself takes the same lock and, on SQLite, writes no page.
LOCK_PLAYER = (
    sa.update(_PLAYER)
    .where(_PLAYER.c.id == sa.bindparam("player_id"))
    .values(created_at=_PLAYER.c.created_at)
)


def lock_player(player: Player) -> bool:
    """Serialise this player's actions: a no-op UPDATE takes the row (PostgreSQL) or the
    database (SQLite) write lock until commit, so state read afterwards cannot go stale.

    False when the row is gone: a guest merged into an account by a login that committed
    after this request loaded the guest (the action must then be refused, not stored).
    A prebuilt Core statement on the session's connection: no ORM bulk-update machinery."""
    result = db.session.connection().execute(LOCK_PLAYER, {"player_id": player.id})
    return result.rowcount > 0
