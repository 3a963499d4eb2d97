"""An account's profile: solved riddles, points over time, weekly streaks and ranks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player, Riddle, Solve
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
    """One riddle the player solved: which, when, and for how many points."""

    slug: str
    title: str
    points: int
    solved_at: datetime


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
    return [SolvedRiddle(*row) for row in rows]


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
