"""Leaderboards for this week, this month and all time, from one aggregate over all point
events (riddle solves and quiz answers).

Boards are memoised per process (caching.store) and recomputed when the shared points stamp
moves (caching.stamps). The session listener (caching.listener) moves it in the transaction of
every write to what a board shows (solves, quiz answers, nicknames, merges), so the next
request anywhere sees the change; no caller has anything to remember.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa

from harzquiz.caching import stamps
from harzquiz.caching.store import VersionedCache
from harzquiz.extensions import db
from harzquiz.models import Player, QuizAnswer, Solve
from harzquiz.rules.lifecycle import month_start, week_start
from harzquiz.services.fairplay import listed_on_boards


class Period(StrEnum):
    """The leaderboard tabs."""

    WEEK = "woche"
    MONTH = "monat"
    ALL = "gesamt"


@dataclass(frozen=True)
class Row:
    """One leaderboard line."""

    rank: int
    player_id: int
    nickname: str
    points: int
    solves: int


@dataclass(frozen=True)
class Board:
    """The top list of a period, plus the viewing player's own row when they are outside it."""

    period: Period
    rows: list[Row]
    own: Row | None
    own_in_top: bool


def period_start(period: Period, now: datetime) -> datetime | None:
    """Where a period's window begins (None: all time)."""
    if period is Period.WEEK:
        return week_start(now)
    if period is Period.MONTH:
        return month_start(now)
    return None


# The board memo: no time limit, only the points stamp (written past the session, points
# must move it themselves: cli.datagen).
_boards = VersionedCache()


def point_events(since: datetime | None):
    """Every points-earning event (player_id, points, earned_at): riddle solves and quiz
    answers, each filtered on its own indexed time column. Zero-point events do not rank."""
    solves = sa.select(
        Solve.player_id.label("player_id"),
        Solve.points.label("points"),
        Solve.solved_at.label("earned_at"),
    ).where(Solve.points > 0)
    answers = sa.select(QuizAnswer.player_id, QuizAnswer.points, QuizAnswer.answered_at).where(
        QuizAnswer.points > 0
    )
    if since is not None:
        solves = solves.where(Solve.solved_at >= since)
        answers = answers.where(QuizAnswer.answered_at >= since)
    return sa.union_all(solves, answers).subquery("point_events")


def _totals(since: datetime | None):
    """Per-player totals over the window, from all point events, of listed players only
    (hidden and banned players are neither shown nor counted in anyone's rank)."""
    events = point_events(since)
    return (
        sa.select(
            events.c.player_id.label("player_id"),
            sa.func.sum(events.c.points).label("points"),
            sa.func.count().label("solves"),
            sa.func.max(events.c.earned_at).label("reached_at"),
        )
        .where(listed_on_boards(events.c.player_id))
        .group_by(events.c.player_id)
        .subquery("totals")
    )


def _ranked(totals):
    """Order: more points first; on a tie, whoever reached the score first; then player id."""
    return (totals.c.points.desc(), totals.c.reached_at.asc(), totals.c.player_id.asc())


def build_board(period: Period, now: datetime, player_id: int | None, size: int) -> Board:
    """The top `size` rows of `period`, and the given player's own row and rank (cached)."""
    since = period_start(period, now)
    version = stamps.current_version(stamps.POINTS)
    rows = _boards.get(version, ("top", period, since, size), lambda: top_rows(since, size))
    own = next((row for row in rows if row.player_id == player_id), None)
    if own is not None or player_id is None:
        return Board(period, rows, own, own_in_top=own is not None)
    mine = _boards.get(
        version, ("own", period, since, player_id), lambda: own_row(_totals(since), player_id)
    )
    return Board(period, rows, mine, own_in_top=False)


def top_rows(since: datetime | None, size: int) -> list[Row]:
    """The first `size` rows of the window, straight from the database."""
    totals = _totals(since)
    # Rank and cut first, then look up only those players' nicknames.
    top = sa.select(totals).order_by(*_ranked(totals)).limit(size).subquery("top")
    named = db.session.execute(
        sa.select(top, Player.nickname)
        .join(Player, Player.id == top.c.player_id)
        .order_by(*_ranked(top))
    ).all()
    return [
        Row(rank=i, player_id=r.player_id, nickname=r.nickname, points=r.points, solves=r.solves)
        for i, r in enumerate(named, start=1)
    ]


def own_row(totals, player_id: int) -> Row | None:
    """A player's row and rank within `totals`, or None if they have no points there."""
    mine = db.session.execute(
        sa.select(totals, Player.nickname)
        .join(Player, Player.id == totals.c.player_id)
        .where(totals.c.player_id == player_id)
    ).first()
    if mine is None:
        return None
    better = sa.or_(
        totals.c.points > mine.points,
        sa.and_(totals.c.points == mine.points, totals.c.reached_at < mine.reached_at),
        sa.and_(
            totals.c.points == mine.points,
            totals.c.reached_at == mine.reached_at,
            totals.c.player_id < player_id,
        ),
    )
    ahead = db.session.execute(sa.select(sa.func.count()).select_from(totals).where(better))
    return Row(
        rank=ahead.scalar_one() + 1,
        player_id=player_id,
        nickname=mine.nickname,
        points=mine.points,
        solves=mine.solves,
    )


def player_rank(period: Period, now: datetime, player_id: int) -> Row | None:
    """The player's row in a period's board (used by the guess feedback, so ranks agree)."""
    return own_row(_totals(period_start(period, now)), player_id)
