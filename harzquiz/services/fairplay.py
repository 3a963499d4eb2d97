"""Fair play inside the play transactions: record reveals with their evidence, flag solves
that follow a reveal from the same address or device, and what a banned player earns.

- Hidden and banned players are not listed on any board: that condition is part of
  `services.board_listing.listed_on_boards`, the one listing rule the totals store.
- `points_earned`: a banned player's later solves and answers earn 0 points; a withdrawn
  solve's points are set to 0 by `withdraw_points` (harzquiz.services.moderation), so every
  page that sums points agrees without a second condition.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Flag, Player, RevealTrace
from harzquiz.rules.fairplay import FLAG_WINDOW, Evidence, earned_points, match_reveal

# Reveal traces no flag refers to are kept this long (a solve is flagged only within
# FLAG_WINDOW of a reveal), then deleted with their address hash and device id.
TRACE_RETENTION = timedelta(hours=24)
# The expired traces are deleted by a reveal at most this often per process: every quiz
# answer is a reveal, and the DELETE on each of them was a tenth of the answer's time.
PRUNE_INTERVAL = timedelta(minutes=1)

# Prebuilt Core statements on the session's connection (no ORM unit of work): a trace is
# never read back as an object in the transaction that writes it, and no stamp or total
# depends on it (caching.listener, services.totals_listener).
_TRACE = RevealTrace.__table__
INSERT_TRACE = sa.insert(_TRACE)
DELETE_EXPIRED_TRACES = sa.delete(_TRACE).where(
    _TRACE.c.revealed_at < sa.bindparam("before"),
    ~sa.select(Flag.__table__.c.trace_id).where(Flag.__table__.c.trace_id == _TRACE.c.id).exists(),
)
_last_prune: list[datetime] = []  # when this process last deleted expired traces


def points_earned(player: Player | None, points: int) -> int:
    """What a solve or a right answer earns this player: 0 while banned from scoring."""
    return earned_points(points, banned=player is not None and player.banned_at is not None)


def record_reveal(
    player_id: int,
    now: datetime,
    evidence: Evidence | None,
    *,
    riddle_id: int | None = None,
    question_id: int | None = None,
) -> None:
    """Add a reveal trace to the caller's transaction, and drop expired unflagged ones
    (at most every PRUNE_INTERVAL in this process)."""
    if evidence is None:
        return
    connection = db.session.connection()
    connection.execute(
        INSERT_TRACE,
        {
            "player_id": player_id,
            "riddle_id": riddle_id,
            "question_id": question_id,
            "revealed_at": now,
            "address_hash": evidence.address_hash,
            "device_id": evidence.device_id,
        },
    )
    if _last_prune and _last_prune[0] <= now < _last_prune[0] + PRUNE_INTERVAL:
        return
    connection.execute(DELETE_EXPIRED_TRACES, {"before": now - TRACE_RETENTION})
    _last_prune[:] = [now]


@functools.cache
def _latest_reveal_statement(of_riddle: bool, by_address: bool, by_device: bool) -> sa.Select:
    """The latest reveal of the same riddle (or question) by another player, from the same
    address or device, within the flag window: built once per kind (every scoring solve and
    right answer asks; building the query was most of the asking)."""
    what = _TRACE.c.riddle_id if of_riddle else _TRACE.c.question_id
    same_source = [
        column == sa.bindparam(column.name)
        for column, wanted in ((_TRACE.c.address_hash, by_address), (_TRACE.c.device_id, by_device))
        if wanted
    ]
    return (
        sa.select(_TRACE.c.id, _TRACE.c.revealed_at, _TRACE.c.address_hash, _TRACE.c.device_id)
        .where(
            what == sa.bindparam("what"),
            _TRACE.c.revealed_at >= sa.bindparam("since"),
            _TRACE.c.revealed_at <= sa.bindparam("now"),
            sa.or_(_TRACE.c.player_id.is_(None), _TRACE.c.player_id != sa.bindparam("player_id")),
            sa.or_(*same_source),
        )
        .order_by(_TRACE.c.revealed_at.desc())
        .limit(1)
    )


def flag_if_after_reveal(
    player_id: int,
    now: datetime,
    evidence: Evidence | None,
    *,
    solve_id: int | None = None,
    answer_id: int | None = None,
    riddle_id: int | None = None,
    question_id: int | None = None,
) -> Flag | None:
    """Flag this solve (or right answer) when another player revealed the same riddle (or
    question) within FLAG_WINDOW before, from the same address or device. Added to the
    caller's transaction; the closest such reveal is the evidence."""
    if evidence is None or (evidence.address_hash is None and evidence.device_id is None):
        return None
    # On the session's connection: the caller flushed what the flag names (the solve).
    traces = (
        db.session.connection()
        .execute(
            _latest_reveal_statement(
                riddle_id is not None,
                evidence.address_hash is not None,
                evidence.device_id is not None,
            ),
            {
                "what": riddle_id if riddle_id is not None else question_id,
                "since": now - FLAG_WINDOW,
                "now": now,
                "player_id": player_id,
                "address_hash": evidence.address_hash,
                "device_id": evidence.device_id,
            },
        )
        .all()
    )
    for trace in traces:
        seen = Evidence(trace.address_hash, trace.device_id)
        match = match_reveal(trace.revealed_at, seen, now, evidence)
        if match is None:
            continue
        flag = Flag(
            player_id=player_id,
            trace_id=trace.id,
            solve_id=solve_id,
            answer_id=answer_id,
            gap_seconds=match.gap_seconds,
            address_match=match.address_match,
            device_match=match.device_match,
            created_at=now,
        )
        db.session.add(flag)
        return flag
    return None
