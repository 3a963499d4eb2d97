"""Leaderboards for this week, this month and all time, read from the per-player totals
(services.totals), so a top list and a player's rank are index lookups at any size.

Top lists are memoised per process (caching.store) and recomputed when the shared points
stamp moves (caching.stamps): the listeners move it in the transaction of every write that
changes a top list (services.totals_listener for new points, caching.listener for
nicknames, merges, deletions). A player's own row is read live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa

from harzquiz.caching import reads, stamps
from harzquiz.caching.store import VersionedCache
from harzquiz.extensions import db
from harzquiz.models import Player, PlayerTotal
from harzquiz.rules.lifecycle import month_start, week_start
from harzquiz.rules.periods import ALL_TIME, month_key, week_key
from harzquiz.services.totals import ahead_expression


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
    # Whether this player is on the public boards (services.board_listing). An unlisted
    # player's own row is where they *would* stand: their rank among the listed players.
    listed: bool = True


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


def period_key(period: Period, now: datetime) -> str:
    """The totals key (rules.periods) of the period that contains `now`."""
    if period is Period.WEEK:
        return week_key(now)
    if period is Period.MONTH:
        return month_key(now)
    return ALL_TIME


# The top-list memo: no time limit, only the points stamp, which moves whenever a write
# changes a top list (services.totals_listener, caching.listener; cli.datagen by hand).
_boards = VersionedCache()

_T = PlayerTotal.__table__.c
# Board order: more points first; on a tie, whoever reached the score first; then player id
# (the order of ix_player_total_board, read forward on points and back on the rest).
_ORDER = (_T.points.desc(), _T.reached_at.asc(), _T.player_id.asc())
_TOP = (
    sa.select(_T.player_id, _T.points, _T.events, Player.nickname)
    .join(Player, Player.id == _T.player_id)
    .where(_T.period == sa.bindparam("period"), _T.listed == sa.true())
    .order_by(*_ORDER)
    .limit(sa.bindparam("size"))
)
_OWN = PlayerTotal.__table__.alias("own")


def _mine() -> sa.Select:
    """A player's total in a period with its rank, in one prebuilt statement: the total by
    primary key, and the listed index entries ahead of it counted against its own columns."""
    ahead = ahead_expression(_OWN.c.period, _OWN.c.points, _OWN.c.reached_at, _OWN.c.player_id)
    return (
        sa.select(
            _OWN.c.points, _OWN.c.events, _OWN.c.listed, Player.nickname, ahead.label("ahead")
        )
        .join_from(_OWN, Player, Player.id == _OWN.c.player_id)
        .where(
            _OWN.c.period == sa.bindparam("period"), _OWN.c.player_id == sa.bindparam("player_id")
        )
    )


_MINE = _mine()


def build_board(period: Period, now: datetime, player_id: int | None, size: int) -> Board:
    """The top `size` rows of `period` (cached under the points stamp), and the given
    player's own row and rank (read live through the index: a solve outside the top list
    does not move the stamp, but may move this player's rank)."""
    key = period_key(period, now)
    version = stamps.current_version(stamps.POINTS)
    rows = _boards.get(version, ("top", key, size), lambda: top_rows(key, size))
    own = next((row for row in rows if row.player_id == player_id), None)
    if own is not None or player_id is None:
        return Board(period, rows, own, own_in_top=own is not None)
    return Board(period, rows, own_row(key, player_id), own_in_top=False)


def top_rows(key: str, size: int) -> list[Row]:
    """The first `size` listed rows of the period `key`, straight from the totals."""
    found = db.session.execute(_TOP, {"period": key, "size": size}).all()
    return [
        Row(rank=i, player_id=r.player_id, nickname=r.nickname, points=r.points, solves=r.events)
        for i, r in enumerate(found, start=1)
    ]


def own_row(key: str, player_id: int) -> Row | None:
    """A player's row and rank in the period `key` (for an unlisted player: where they would
    stand among the listed ones), or None if they have no points there: one statement."""
    found = reads.rows(_MINE, {"period": key, "player_id": player_id})  # caching.reads
    if not found:
        return None
    mine = found[0]
    return Row(
        rank=mine.ahead + 1,
        player_id=player_id,
        nickname=mine.nickname,
        points=mine.points,
        solves=mine.events,
        listed=bool(mine.listed),
    )


def player_rank(period: Period, now: datetime, player_id: int) -> Row | None:
    """The player's row in a period's board (the guess feedback and the profile: ranks agree)."""
    return own_row(period_key(period, now), player_id)


def total_points(player_id: int) -> int:
    """All points the player ever earned, listed or not (the profile's "Insgesamt")."""
    points = db.session.execute(
        sa.select(_T.points).where(_T.period == ALL_TIME, _T.player_id == player_id)
    ).scalar()
    return points or 0
