"""Keeps services.totals in step with every point event written through the session.

`after_flush` sees the unit of work (its new, changed and deleted objects, before their
history is reset) and writes the totals on the same connection, so they commit or roll
back with the event itself:

- a new point event (a row of a `POINT_SOURCES` model with points) adds to the player's
  totals (`apply_points`), and moves the points stamp only when the player's new total
  is inside the top list shown for one of its periods (the rule in docs/performance.md);
- a changed or deleted point event recomputes its player(s) (the stamp moves through
  caching.listener, as before);
- a Player whose `LISTED_COLUMNS` changed gets its `listed` flag refreshed.

Bulk statements run through the session (`session.execute(update(Solve)...)`, as
services.merge does) are seen by `do_orm_execute`: the players they touch are read before
the statement runs, and recomputed after it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import ORMExecuteState, Session

from harzquiz.caching import stamps
from harzquiz.models import Player, PlayerTotal
from harzquiz.services import totals

DEFAULT_BOARD_SIZE = 10
_TOTAL = PlayerTotal.__table__


def _source(instance: object) -> totals.PointSource | None:
    return next((s for s in totals.POINT_SOURCES if isinstance(instance, s.model)), None)


def _board_size() -> int:
    if has_app_context():
        return int(current_app.config.get("LEADERBOARD_SIZE", DEFAULT_BOARD_SIZE))
    return DEFAULT_BOARD_SIZE


_MINE = sa.select(_TOTAL.c.points, _TOTAL.c.reached_at, _TOTAL.c.listed).where(
    _TOTAL.c.period == sa.bindparam("period"), _TOTAL.c.player_id == sa.bindparam("player_id")
)


def shows_in_top(conn: Connection, period: str, player_id: int, size: int) -> bool:
    """Whether the player's total in `period` is among the first `size` listed rows (at most
    `size` index entries read per range)."""
    mine = conn.execute(_MINE, {"period": period, "player_id": player_id}).first()
    if mine is None or not mine.listed:
        return False
    ahead = totals.count_ahead(period, mine.points, mine.reached_at, player_id, size, conn)
    return ahead < size


def _points_changed(instance: object, source: totals.PointSource) -> bool:
    """Whether a changed row changed who earned how many points when (a crossword's saved
    letters change nothing a total reads)."""
    attrs = inspect(instance).attrs
    return any(
        attrs[name].history.has_changes() for name in (source.player, source.points, source.at)
    )


def _player_ids(instance: object, source: totals.PointSource) -> set[int]:
    """The player a changed event belongs to now, and the one it belonged to before."""
    history = inspect(instance).attrs[source.player].history
    ids = {getattr(instance, source.player)}
    ids.update(history.deleted or ())
    return {i for i in ids if i is not None}


@event.listens_for(Session, "after_flush")
def _keep_totals(session: Session, flush_context) -> None:
    added: list[tuple[int, int, datetime]] = []
    recompute: set[int] = set()
    relist: set[int] = set()
    for instance in session.new:
        source = _source(instance)
        if source is not None:
            player, points, at = (
                getattr(instance, n) for n in (source.player, source.points, source.at)
            )
            added.append((player, points or 0, at))
    for instance in session.dirty:
        source = _source(instance)
        if source is not None and _points_changed(instance, source):
            recompute |= _player_ids(instance, source)
        elif isinstance(instance, Player) and totals.LISTED_COLUMNS:
            attrs = inspect(instance).attrs
            if any(attrs[name].history.has_changes() for name in totals.LISTED_COLUMNS):
                relist.add(instance.id)
    for instance in session.deleted:
        source = _source(instance)
        if source is not None:
            recompute |= _player_ids(instance, source)
    if not (added or recompute or relist):
        return
    conn = session.connection()
    touched: set[tuple[str, int]] = set()
    for player_id, points, at in added:
        if player_id in recompute:
            continue
        touched.update((key, player_id) for key in totals.apply_points(player_id, points, at, conn))
    for player_id in sorted(recompute):
        totals.recompute_player(player_id, conn)
    for player_id in sorted(relist - recompute):
        totals.refresh_listed(player_id, conn)
    if relist:
        stamps.bump(stamps.POINTS, session)
    elif touched:
        size = _board_size()
        if any(shows_in_top(conn, key, player_id, size) for key, player_id in sorted(touched)):
            stamps.bump(stamps.POINTS, session)


def _value(value: object) -> object:
    return getattr(value, "value", value)


def _bulk_player_ids(state: ORMExecuteState, source: totals.PointSource) -> set[int] | None:
    """The players a bulk statement on a point table touches (read before it runs), or None
    when they cannot be told (then every total is rebuilt: correct, only slow)."""
    statement = state.statement
    column = source.model.__table__.c[source.player]
    ids: set[int] = set()
    for key, value in (getattr(statement, "_values", None) or {}).items():
        if getattr(key, "key", key) == column.key:
            found = _value(value)
            if not isinstance(found, int):
                return None
            ids.add(found)
    if state.is_insert:
        params = state.parameters
        rows = params if isinstance(params, list | tuple) else [params or {}]
        for row in rows:
            found = row.get(column.key) if isinstance(row, dict) else None
            if found is not None:
                ids.add(found)
        return ids or None
    where = getattr(statement, "whereclause", None)
    query = sa.select(column).distinct()
    if where is not None:
        query = query.where(where)
    ids.update(state.session.execute(query).scalars())
    return ids


@event.listens_for(Session, "do_orm_execute")
def _bulk_keeps_totals(state: ORMExecuteState):
    """A bulk INSERT/UPDATE/DELETE of point events through the session: run it, then
    recompute the players it touched, on the same connection."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    table = getattr(getattr(state.statement, "table", None), "name", None)
    source = next((s for s in totals.POINT_SOURCES if s.model.__table__.name == table), None)
    if source is None:
        return None
    player_ids = _bulk_player_ids(state, source)
    result = state.invoke_statement()
    conn = state.session.connection()
    if player_ids is None:
        totals.rebuild_all(conn)
    else:
        for player_id in sorted(player_ids):
            totals.recompute_player(player_id, conn)
    return result
