"""Per-player totals per board period (models.PlayerTotal): the one writer.

Boards, ranks and the profile read these rows, never the raw point events, so a board
costs the same at 100 and at 100,000 players. They are kept in the transaction of every
write to a point event (services.totals_listener calls the functions below for each
flush), and `flask rebuild-totals` rebuilds them from the raw rows.

Source-agnostic: a point event is any row of a model in `POINT_SOURCES` (riddle solves,
quiz answers; a new kind of points adds its model there). Only events with points > 0
count, as on the boards before.

Who is listed on the boards is one per-player predicate (`listed_clause`) on `Player`,
denormalised into `PlayerTotal.listed`. Whoever changes what the predicate reads calls
`refresh_listed(player_id)` in the same transaction (or adds the column to
`LISTED_COLUMNS`, and the listener calls it on every flush that changes it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from harzquiz.extensions import db
from harzquiz.models import CrosswordProgress, Player, PlayerTotal, QuizAnswer, Solve
from harzquiz.rules.periods import period_keys
from harzquiz.services.board_listing import board_mode, listed_on_boards


@dataclass(frozen=True)
class PointSource:
    """A table whose rows earn points: its model and the columns that say who, how many, when."""

    model: Any
    player: str = "player_id"
    points: str = "points"
    at: str = "solved_at"

    def columns(self):
        table = self.model.__table__
        return table.c[self.player], table.c[self.points], table.c[self.at]


POINT_SOURCES: list[PointSource] = [
    PointSource(Solve, at="solved_at"),
    PointSource(QuizAnswer, at="answered_at"),
    PointSource(CrosswordProgress, at="solved_at"),  # points stay 0 until solved
]


def listed_clause() -> sa.ColumnElement[bool]:
    """Whether a player appears on boards, as SQL on `Player`: services.board_listing's
    condition for this site's HARZQUIZ_BOARD_RANKS (stored in each total's `listed` flag,
    so changing the setting needs `flask rebuild-totals`)."""
    return listed_on_boards()


# The Player attributes listed_clause reads: a flush that changes one refreshes the flag.
# (An email is never set already confirmed, so `email` itself need not be watched.)
LISTED_COLUMNS: tuple[str, ...] = ("email_confirmed_at", "hidden_at", "banned_at")

_TOTAL = PlayerTotal.__table__


def _listed_of(player_id: Any):
    """The predicate for one player, as a scalar subquery (false for a missing player)."""
    return (
        sa.select(sa.case((listed_clause(), sa.true()), else_=sa.false()))
        .where(Player.id == player_id)
        .scalar_subquery()
    )


def _upsert_statement(dialect: str):
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    source = sa.select(
        sa.bindparam("period", type_=sa.String),
        Player.id,
        sa.bindparam("points", type_=sa.Integer),
        sa.bindparam("events", type_=sa.Integer),
        sa.bindparam("reached_at", type_=PlayerTotal.reached_at.type),
        sa.case((listed_clause(), sa.true()), else_=sa.false()),
    ).where(Player.id == sa.bindparam("player_id", type_=sa.Integer))
    statement = insert(_TOTAL).from_select(
        ["period", "player_id", "points", "events", "reached_at", "listed"], source
    )
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=["period", "player_id"],
        set_={
            "points": _TOTAL.c.points + new.points,
            "events": _TOTAL.c.events + new.events,
            "reached_at": sa.case(
                (new.reached_at > _TOTAL.c.reached_at, new.reached_at),
                else_=_TOTAL.c.reached_at,
            ),
        },
    )


_UPSERTS: dict[tuple[str, str], Any] = {}


def _connection(connection: Connection | None) -> Connection:
    return connection if connection is not None else db.session.connection()


def apply_points(
    player_id: int, points: int, at: datetime, connection: Connection | None = None
) -> tuple[str, ...]:
    """Add one point event (`points` earned at `at`) to the player's totals of every period
    it falls in, in the caller's transaction; the period keys it touched (none for 0 points).

    For anything that is not a plain new event (a changed or deleted one, a merge, a
    moderation action), call `recompute_player`."""
    if points <= 0:
        return ()
    conn = _connection(connection)
    # The statement embeds listed_clause, which depends on the site's HARZQUIZ_BOARD_RANKS.
    key = (conn.dialect.name, board_mode())
    if key not in _UPSERTS:
        _UPSERTS[key] = _upsert_statement(key[0])
    keys = period_keys(at)
    conn.execute(
        _UPSERTS[key],
        [
            {"period": key, "player_id": player_id, "points": points, "events": 1, "reached_at": at}
            for key in keys
        ],
    )
    return keys


def _events(player_ids: Iterable[int] | None, conn: Connection):
    """(player_id, points, at) of every point event with points, of these players (or all)."""
    selects = []
    for source in POINT_SOURCES:
        player, points, at = source.columns()
        query = sa.select(player, points, at).where(points > 0)
        if player_ids is not None:
            query = query.where(player.in_(sorted(player_ids)))
        selects.append(query)
    return conn.execute(sa.union_all(*selects))


def _aggregate(events) -> dict[tuple[str, int], list]:
    totals: dict[tuple[str, int], list] = defaultdict(lambda: [0, 0, None])
    for player_id, points, at in events:
        for key in period_keys(at):
            row = totals[(key, player_id)]
            row[0] += points
            row[1] += 1
            if row[2] is None or at > row[2]:
                row[2] = at
    return totals


def _insert(totals: dict[tuple[str, int], list], conn: Connection, chunk: int = 5000) -> None:
    rows = [
        {"period": k, "player_id": p, "points": v[0], "events": v[1], "reached_at": v[2]}
        for (k, p), v in totals.items()
    ]
    for start in range(0, len(rows), chunk):
        conn.execute(_TOTAL.insert(), rows[start : start + chunk])


def recompute_player(player_id: int, connection: Connection | None = None) -> None:
    """Rebuild one player's totals from their raw point events, in the caller's transaction.

    The general repair for anything but a plain new event: a merge, a deleted or changed
    event, a moderation action that takes points away. A player who no longer exists keeps
    no rows."""
    conn = _connection(connection)
    conn.execute(sa.delete(_TOTAL).where(_TOTAL.c.player_id == player_id))
    _insert(_aggregate(_events([player_id], conn)), conn)
    refresh_listed(player_id, conn)


def refresh_listed(player_id: int, connection: Connection | None = None) -> None:
    """Set the player's `listed` flag on all their totals from `listed_clause` (call it in the
    transaction that changes anything the predicate reads: confirmation, hiding, a ban)."""
    _connection(connection).execute(
        sa.update(_TOTAL)
        .where(_TOTAL.c.player_id == player_id)
        .values(listed=sa.func.coalesce(_listed_of(player_id), sa.false()))
    )


def rebuild_all(connection: Connection | None = None, apply_listed: bool = True) -> int:
    """Throw every total away and rebuild them all from the raw rows (`flask rebuild-totals`,
    the synthetic-data loader); how many rows it wrote. The caller commits.

    `apply_listed=False` (the migration that creates the table) lists everyone: the
    predicate may read columns a later migration adds; that migration rebuilds again."""
    conn = _connection(connection)
    conn.execute(sa.delete(_TOTAL))
    totals = _aggregate(_events(None, conn))
    _insert(totals, conn)
    if apply_listed:
        unlisted = sa.select(Player.id).where(sa.not_(listed_clause()))
        conn.execute(sa.update(_TOTAL).where(_TOTAL.c.player_id.in_(unlisted)).values(listed=False))
    return len(totals)


def expected_totals(connection: Connection | None = None) -> dict[tuple[str, int], tuple]:
    """What the totals should hold, from the raw rows: {(period, player): (points, events,
    reached_at)} (for the consistency test and a check in operations)."""
    totals = _aggregate(_events(None, _connection(connection)))
    return {key: (v[0], v[1], v[2]) for key, v in totals.items()}


def stored_totals(connection: Connection | None = None) -> dict[tuple[str, int], tuple]:
    """What the totals hold, in the same shape as `expected_totals`."""
    rows = _connection(connection).execute(
        sa.select(
            _TOTAL.c.period,
            _TOTAL.c.player_id,
            _TOTAL.c.points,
            _TOTAL.c.events,
            _TOTAL.c.reached_at,
        )
    )
    return {(r.period, r.player_id): (r.points, r.events, r.reached_at) for r in rows}


_C = _TOTAL.c


def _ahead_ranges(period: str, points: int, reached_at: datetime, player_id: int):
    """The listed rows ahead of a total in board order, as three index ranges (an OR of them
    would make the database walk the whole period)."""
    base = (_C.period == period, _C.listed == sa.true())
    return (
        (*base, _C.points > points),
        (*base, _C.points == points, _C.reached_at < reached_at),
        (*base, _C.points == points, _C.reached_at == reached_at, _C.player_id < player_id),
    )


def ahead_expression(period, points, reached_at, player_id) -> sa.ColumnElement[int]:
    """How many listed players rank ahead of a total, as one SQL expression: the arguments
    may be values or the columns of an outer query's total (correlated), so a player's row
    and rank come in one statement (services.leaderboard)."""
    counts = [
        sa.select(sa.func.count()).select_from(_TOTAL).where(*where).scalar_subquery()
        for where in _ahead_ranges(period, points, reached_at, player_id)
    ]
    return counts[0] + counts[1] + counts[2]


def count_ahead(
    period: str,
    points: int,
    reached_at: datetime,
    player_id: int,
    limit: int | None = None,
    connection: Connection | None = None,
) -> int:
    """How many listed players rank ahead of this total in `period` (counting stops at
    `limit` per range when given: enough to tell whether a total is inside a top list)."""
    counts = []
    for where in _ahead_ranges(period, points, reached_at, player_id):
        inner = sa.select(sa.literal(1)).where(*where)
        if limit is not None:
            inner = inner.limit(limit)
        counts.append(sa.select(sa.func.count()).select_from(inner.subquery()).scalar_subquery())
    total = sa.select(counts[0] + counts[1] + counts[2])
    return int(_connection(connection).execute(total).scalar_one())
