"""Per-player point totals per board period, kept beside the raw point events.

One row per (period, player): the points, how many point events, and when the total was
last raised (the tie-break). `harzquiz.services.totals` is the only writer; it keeps the
rows in the transaction of every write to a point event, and `flask rebuild-totals`
rebuilds them from the raw rows. `listed` says whether the player appears on boards (a
per-player predicate, denormalised so a board stays one index range).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime


class PlayerTotal(Model):
    """A player's total in one period ("all", "w2026-11-30", "m2026-11": rules.periods)."""

    __tablename__ = "player_total"

    period: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    player_id: Mapped[int] = mapped_column(
        sa.ForeignKey("player.id", ondelete="CASCADE"), primary_key=True
    )
    points: Mapped[int]
    events: Mapped[int]
    reached_at: Mapped[datetime] = mapped_column(UTCDateTime)
    listed: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    __table_args__ = (
        # Every row of one player (recompute, listed flag, deletion).
        sa.Index("ix_player_total_player", "player_id"),
    )


# A board: one period, listed players, in board order (points descending, then who reached
# them first, then id), so a top list is the first rows of one index range even when
# thousands tie on points (a week's riddle), and a rank is a count over the front of it.
sa.Index(
    "ix_player_total_board",
    PlayerTotal.period,
    PlayerTotal.listed,
    PlayerTotal.points.desc(),
    PlayerTotal.reached_at,
    PlayerTotal.player_id,
)
