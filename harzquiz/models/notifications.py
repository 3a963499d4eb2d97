"""Announcements of new riddles: who asked for mail, and every message owed to someone.

`flask notify` (services.notify) turns each newly live riddle into one Announcement and one
Delivery per recipient (an account's mail, a Telegram channel) in a single transaction, so
two runs at once cannot both announce it; deliveries are then claimed in batches and sent.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow


class MailSubscription(Model):
    """An account's answer to "Mail, wenn ein neues Rätsel erscheint?" (asked once after
    registering, changeable on the profile). No row: never asked, no mail."""

    player_id: Mapped[int] = mapped_column(
        sa.ForeignKey("player.id", ondelete="CASCADE"), primary_key=True
    )
    opted_in: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str] = mapped_column(sa.String(5), default="de")  # the mail's language
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Announcement(Model):
    """One riddle announced (its deliveries were created with it)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    riddle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("riddle.id", ondelete="CASCADE"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delivery(Model):
    """One message owed: `target` is "mail:<player id>" or "telegram:<chat id>".

    pending -> sent, or -> skipped (the reader opted out or lost the confirmed address
    meanwhile), or -> failed after NOTIFY_MAX_ATTEMPTS tries. A run claims a batch by
    writing its token into `claimed_by`; a claim older than NOTIFY_LEASE_SECONDS (a run that
    died) may be taken over."""

    id: Mapped[int] = mapped_column(primary_key=True)
    announcement_id: Mapped[int] = mapped_column(
        sa.ForeignKey("announcement.id", ondelete="CASCADE")
    )
    target: Mapped[str] = mapped_column(sa.String(80))
    player_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("player.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(10), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(sa.String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(sa.String(300), default="")

    __table_args__ = (
        sa.UniqueConstraint("announcement_id", "target", name="uq_delivery_target"),
        sa.Index("ix_delivery_due", "status", "next_try_at"),
        sa.CheckConstraint(
            "status in ('pending', 'sent', 'skipped', 'failed')", name="ck_delivery_status"
        ),
    )
