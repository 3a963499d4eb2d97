"""An account's profile: solved riddles and crosswords, points over time, weekly streaks
and ranks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Crossword, CrosswordProgress, Player, Riddle, Solve
from harzquiz.rules.history import (
    PeriodPoints,
    Scored,
    Streaks,
    monthly_points,
    weekly_points,
    weekly_streaks,
)
from harzquiz.services.leaderboard import Period, Row, player_rank, total_points

WEEKS_SHOWN = 12


@dataclass(frozen=True)
class SolvedRiddle:
    """One riddle (or crossword) the player solved: which, when, and for how many points."""

    slug: str
    title: str
    points: int
    solved_at: datetime
    kind: str = "riddle"  # or "crossword"


@dataclass(frozen=True)
class Profile:
    """Everything the profile page shows about one player."""

    player: Player
    solved: list[SolvedRiddle]
    weeks: list[PeriodPoints]
    months: list[PeriodPoints]
    streaks: Streaks
    ranks: dict[Period, Row | None]
    # All points ever earned, riddles and quizzes: the all-time total the boards rank by.
    total_points: int


def solved_riddles(player_id: int) -> list[SolvedRiddle]:
    """The player's solves, newest first."""
    rows = db.session.execute(
        sa.select(Riddle.slug, Riddle.title, Solve.points, Solve.solved_at)
        .join(Riddle, Riddle.id == Solve.riddle_id)
        .where(Solve.player_id == player_id)
        .order_by(Solve.solved_at.desc(), Solve.id.desc())
    ).all()
    crosswords = db.session.execute(
        sa.select(
            Crossword.slug, Crossword.title, CrosswordProgress.points, CrosswordProgress.solved_at
        )
        .join(Crossword, Crossword.id == CrosswordProgress.crossword_id)
        .where(CrosswordProgress.player_id == player_id, CrosswordProgress.solved_at.is_not(None))
    ).all()
    solved = [SolvedRiddle(*row) for row in rows]
    solved += [
        SolvedRiddle(slug, title, points, at, kind="crossword")
        for slug, title, points, at in crosswords
        if at is not None  # always, by the query
    ]
    return sorted(
        solved, key=lambda solve: solve.solved_at, reverse=True
    )  # stable: ties keep order


def load_profile(player: Player, now: datetime) -> Profile:
    """Read a player's profile; ranks come from the leaderboard module, like every board."""
    solved = solved_riddles(player.id)
    scored = [Scored(at=solve.solved_at, points=solve.points) for solve in solved]
    return Profile(
        player=player,
        solved=solved,
        weeks=weekly_points(scored, now, WEEKS_SHOWN),
        months=monthly_points(scored),
        streaks=weekly_streaks(scored, now),
        ranks={period: player_rank(period, now, player.id) for period in Period},
        total_points=total_points(player.id),
    )
