"""Fair play: reveals with their evidence, flagged solves, readers' reports, and the
moderation desk's actions (each one can be undone)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow
from harzquiz.models.players import Player


class RevealTrace(Model):
    """A look at a right answer that cost the viewer nothing it would have earned: a riddle's
    "Lösung anzeigen", or a quiz question answered (its feedback shows the right answers).

    The evidence to match a later solve against: a keyed hash of the client address (never
    the address itself, see harzquiz.web.evidence) and the signed device cookie's random id.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("player.id", ondelete="SET NULL"), index=True
    )
    riddle_id: Mapped[int | None] = mapped_column(sa.ForeignKey("riddle.id", ondelete="CASCADE"))
    question_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("quiz_question.id", ondelete="CASCADE")
    )
    revealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    address_hash: Mapped[str | None] = mapped_column(sa.String(64))
    device_id: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.Index("ix_reveal_trace_riddle_time", "riddle_id", "revealed_at"),
        sa.Index("ix_reveal_trace_question_time", "question_id", "revealed_at"),
    )


class Flag(Model):
    """A solve (or a right quiz answer) that came soon after a reveal from the same address
    or device: for an editor to judge, never punished by itself."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(
        sa.ForeignKey("player.id", ondelete="CASCADE"), index=True
    )
    trace_id: Mapped[int] = mapped_column(sa.ForeignKey("reveal_trace.id", ondelete="CASCADE"))
    solve_id: Mapped[int | None] = mapped_column(sa.ForeignKey("solve.id", ondelete="CASCADE"))
    answer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("quiz_answer.id", ondelete="CASCADE")
    )
    gap_seconds: Mapped[int]
    address_match: Mapped[bool]
    device_match: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # When an editor withdrew its points or let it stand; open flags have none.
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    player: Mapped[Player] = relationship()
    trace: Mapped[RevealTrace] = relationship()


class Report(Model):
    """A reader's report about a name on a board ("Melden")."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(
        sa.ForeignKey("player.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("player.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    settled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    player: Mapped[Player] = relationship(foreign_keys=[player_id])


class ModerationAction(Model):
    """One thing an editor did to a player (rename, hide, ban, withdraw), with what undoing
    it needs: the old name, or the withdrawn points and where they came from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(
        sa.ForeignKey("player.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("player.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(sa.String(10))  # rename | hide | ban | withdraw
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    old_nickname: Mapped[str | None] = mapped_column(sa.String(24))
    solve_id: Mapped[int | None] = mapped_column(sa.ForeignKey("solve.id", ondelete="SET NULL"))
    answer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("quiz_answer.id", ondelete="SET NULL")
    )
    points: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    player: Mapped[Player] = relationship(foreign_keys=[player_id])

    __table_args__ = (
        sa.CheckConstraint(
            "kind in ('rename', 'hide', 'ban', 'withdraw')", name="ck_moderation_action_kind"
        ),
    )
