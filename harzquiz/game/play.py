"""What a player can do with a riddle: guess, unlock hints, reveal. Transactions live here."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import Guess, Hint, HintUnlock, Player, Reveal, Riddle, Solve
from . import scoring
from .answers import check_guess
from .leaderboard import Period, player_rank
from .lifecycle import Status, riddle_status

MAX_GUESS_LENGTH = 200


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


@dataclass(frozen=True)
class Outcome:
    """The result of a guess: a verdict (or an error code) and what the feedback shows."""

    verdict: str  # correct | close | wrong | error
    error: str | None = None  # see riddles.feedback.STATUS_FOR_ERROR
    nudge: str | None = None
    points: int | None = None
    rank: int | None = None
    attempts: int = 0


def load_state(riddle: Riddle, player: Player | None, now: datetime) -> PlayerState:
    """Read one player's progress on a riddle in a handful of indexed queries."""
    status = riddle_status(riddle.publish_at, riddle.closes_at, now)
    if player is None:
        return PlayerState(status=status, value=riddle.points)
    counts = db.session.execute(
        sa.select(Guess.verdict, sa.func.count())
        .where(Guess.riddle_id == riddle.id, Guess.player_id == player.id)
        .group_by(Guess.verdict)
    ).all()
    by_verdict = dict(counts)
    unlocked = db.session.scalars(
        sa.select(Hint.position)
        .join(HintUnlock, HintUnlock.hint_id == Hint.id)
        .where(Hint.riddle_id == riddle.id, HintUnlock.player_id == player.id)
    ).all()
    solve = db.session.scalar(
        sa.select(Solve).where(Solve.riddle_id == riddle.id, Solve.player_id == player.id)
    )
    revealed = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Reveal)
        .where(Reveal.riddle_id == riddle.id, Reveal.player_id == player.id)
    )
    wrong = by_verdict.get("wrong", 0)
    costs = [hint.cost for hint in riddle.hints if hint.position in set(unlocked)]
    return PlayerState(
        status=status,
        attempts=sum(by_verdict.values()),
        wrong_guesses=wrong,
        unlocked_positions=frozenset(unlocked),
        solve=solve,
        revealed=bool(revealed),
        value=scoring.riddle_value(riddle.points, wrong, costs),
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


def guess_problem(text: str) -> str | None:
    """Why a guess cannot be judged: empty, too long, markup or control characters."""
    if not text.strip():
        return "empty"
    if len(text) > MAX_GUESS_LENGTH:
        return "too_long"
    if "<" in text or ">" in text:
        return "markup"
    if any(unicodedata.category(char) in ("Cc", "Cs", "Co") for char in text):
        return "invalid"
    return None


def action_refusal(riddle: Riddle, player: Player | None, now: datetime) -> str | None:
    """Why the (possibly not yet created) player may not act on this riddle, or None."""
    return refusal(load_state(riddle, player, now))


def submit_guess(riddle: Riddle, player: Player, text: str, now: datetime) -> Outcome:
    """Judge and record a guess; a correct one records the solve (at most one per player)."""
    text = text.strip()
    problem = guess_problem(text)
    state = load_state(riddle, player, now)
    problem = problem or refusal(state)
    if problem:
        return Outcome(verdict="error", error=problem, attempts=state.attempts)
    match = check_guess(text, riddle.answer_key())
    db.session.add(
        Guess(player_id=player.id, riddle_id=riddle.id, text=text, verdict=match.verdict)
    )
    attempts = state.attempts + 1
    if match.verdict != "correct":
        db.session.commit()
        return Outcome(verdict=match.verdict, nudge=match.nudge, attempts=attempts)
    db.session.add(
        Solve(player_id=player.id, riddle_id=riddle.id, points=state.value, solved_at=now)
    )
    try:
        db.session.commit()
    except IntegrityError:
        # A concurrent request solved it first: the unique constraint keeps one solve.
        db.session.rollback()
        return Outcome(verdict="error", error="solved", attempts=state.attempts)
    rank = player_rank(Period.WEEK, now, player.id)
    return Outcome(
        verdict="correct",
        points=state.value,
        rank=rank.rank if rank else None,
        attempts=attempts,
    )


def hint_refusal(riddle: Riddle, player: Player | None, position: int, now: datetime):
    """Why this (possibly not yet created) player may not unlock hint `position`, or None."""
    state = load_state(riddle, player, now)
    problem = refusal(state)
    if problem:
        return problem
    positions = [hint.position for hint in riddle.hints]
    if position not in positions:
        return "no_hint"
    if any(p < position and p not in state.unlocked_positions for p in positions):
        return "hint_order"
    return None


def unlock_hint(riddle: Riddle, player: Player, position: int, now: datetime) -> str | None:
    """Unlock a hint (in order); returns an error code, or None when it is unlocked."""
    problem = hint_refusal(riddle, player, position, now)
    if problem:
        return problem
    hint = next(hint for hint in riddle.hints if hint.position == position)
    db.session.add(HintUnlock(player_id=player.id, hint_id=hint.id, unlocked_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # already unlocked (a double click): nothing to add
    return None


def reveal(riddle: Riddle, player: Player, now: datetime) -> str | None:
    """Record the player's give-up; returns an error code, or None when revealed."""
    state = load_state(riddle, player, now)
    if state.revealed:
        return None
    problem = refusal(state)
    if problem:
        return problem
    db.session.add(Reveal(player_id=player.id, riddle_id=riddle.id, revealed_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    return None
