"""What a player can do with a riddle: guess, unlock hints, reveal. Transactions live here.

Each action takes the current player (None for a visitor who has not played) and a
`create_player` callable that is called only once the action is allowed, so a refused
request stores nothing. Existing players are locked first, so concurrent requests by one
player (a double click, two tabs) see each other's writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Guess, HintUnlock, Player, Reveal, Riddle, Solve
from harzquiz.rules.answers import check_guess, normalise
from harzquiz.rules.inputs import guess_problem
from harzquiz.rules.refusals import Refusal
from harzquiz.services.leaderboard import Period, player_rank
from harzquiz.services.state import (
    PlayerState,
    after_guess,
    after_unlock,
    load_state,
    lock_player,
    refusal,
)

CreatePlayer = Callable[[], Player]

# Every guess is stored by this prebuilt Core INSERT: the ORM's unit of work cost more than
# the rest of the write, and nothing reads the new row back as an object.
INSERT_GUESS = sa.insert(Guess.__table__)


@dataclass(frozen=True)
class Outcome:
    """The result of an action: a verdict (or an error code) and what the feedback shows."""

    verdict: str  # correct | close | wrong | error | done (a hint or reveal went through)
    error: Refusal | None = None  # its HTTP status: web.refusals.STATUS
    nudge: str | None = None
    points: int | None = None
    rank: int | None = None
    listed: bool = True  # on the public boards; else `rank` is where they would stand
    attempts: int = 0
    repeated: bool = False  # the same action again (guess, reveal): judged, not stored
    # The player's state after the action, derived from the state read under the lock, so
    # the answer need not read it again. None when it may be stale (a lost race).
    state: PlayerState | None = field(default=None, compare=False, repr=False)


def _begin(riddle: Riddle, player: Player | None, now: datetime) -> PlayerState | None:
    """Lock an existing player and read their state inside the same transaction.

    None when the player vanished meanwhile (merged into an account by a concurrent login).
    """
    if player is not None and not lock_player(player):
        return None
    return load_state(riddle, player, now)


def _refuse(error: Refusal, state: PlayerState | None = None) -> Outcome:
    db.session.rollback()  # release the player lock; nothing was written
    attempts = state.attempts if state else 0
    return Outcome(verdict="error", error=error, attempts=attempts, state=state)


def submit_guess(
    riddle: Riddle, player: Player | None, text: str, now: datetime, create_player: CreatePlayer
) -> Outcome:
    """Judge and record a guess; a correct one records the solve (at most one per player)."""
    text = text.strip()
    problem = guess_problem(text)
    if problem:
        return _refuse(problem)
    state = _begin(riddle, player, now)
    if state is None:
        return _refuse(Refusal.GONE)
    problem = refusal(state)
    if problem:
        return _refuse(problem, state)
    match = check_guess(text, riddle.answer_key())
    # A repeat is free, unless it is correct now: an editor may have corrected the solution
    # since, and that guess must then count as the solve.
    if normalise(text) in state.tried and match.verdict != "correct":
        db.session.rollback()
        return Outcome(
            verdict=match.verdict,
            nudge=match.nudge,
            attempts=state.attempts,
            repeated=True,
            state=state,
        )
    player = player or create_player()
    db.session.connection().execute(
        INSERT_GUESS,
        {
            "player_id": player.id,
            "riddle_id": riddle.id,
            "text": text,
            "verdict": match.verdict,
            "created_at": now,
        },
    )
    new_state = after_guess(state, riddle, text, match.verdict)
    if match.verdict != "correct":
        db.session.commit()
        return Outcome(
            verdict=match.verdict,
            nudge=match.nudge,
            attempts=new_state.attempts,
            state=new_state,
        )
    solve = Solve(player_id=player.id, riddle_id=riddle.id, points=state.value, solved_at=now)
    db.session.add(solve)  # its flush moves the points stamp (caching.listener)
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent request solved it first: the unique constraint keeps one solve.
        # The state read before is stale then: the answer reads it again.
        db.session.rollback()
        return Outcome(verdict="error", error=Refusal.SOLVED, attempts=state.attempts)
    rank = player_rank(Period.WEEK, now, player.id)
    return Outcome(
        verdict="correct",
        points=state.value,
        rank=rank.rank if rank else None,
        listed=rank.listed if rank else True,
        attempts=new_state.attempts,
        state=replace(new_state, solve=solve),
    )


def hint_problem(riddle: Riddle, state: PlayerState, position: int) -> Refusal | None:
    """Why hint `position` cannot be unlocked in this state (unknown, out of order), or None."""
    problem = refusal(state)
    if problem:
        return problem
    positions = [hint.position for hint in riddle.hints]
    if position not in positions:
        return Refusal.NO_HINT
    if any(p < position and p not in state.unlocked_positions for p in positions):
        return Refusal.HINT_ORDER
    return None


def unlock_hint(
    riddle: Riddle,
    player: Player | None,
    position: int,
    now: datetime,
    create_player: CreatePlayer,
) -> Outcome:
    """Unlock a hint (in order; unlocking one twice is harmless)."""
    state = _begin(riddle, player, now)
    if state is None:
        return _refuse(Refusal.GONE)
    problem = hint_problem(riddle, state, position)
    if problem:
        return _refuse(problem, state)
    if position in state.unlocked_positions:
        db.session.rollback()
        return Outcome(verdict="done", attempts=state.attempts, state=state)
    player = player or create_player()
    hint = next(hint for hint in riddle.hints if hint.position == position)
    db.session.add(HintUnlock(player_id=player.id, hint_id=hint.id, unlocked_at=now))
    db.session.commit()
    return Outcome(
        verdict="done", attempts=state.attempts, state=after_unlock(state, riddle, position)
    )


def reveal(
    riddle: Riddle, player: Player | None, now: datetime, create_player: CreatePlayer
) -> Outcome:
    """Record the player's give-up. Once closed, solved or revealed there is nothing to do."""
    state = _begin(riddle, player, now)
    if state is None:
        return _refuse(Refusal.GONE)
    if refusal(state) is not None:
        db.session.rollback()
        # The solution shows anyway; nothing new was recorded.
        return Outcome(verdict="done", attempts=state.attempts, repeated=True, state=state)
    player = player or create_player()
    db.session.add(Reveal(player_id=player.id, riddle_id=riddle.id, revealed_at=now))
    db.session.commit()
    return Outcome(verdict="done", attempts=state.attempts, state=replace(state, revealed=True))
