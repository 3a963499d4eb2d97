"""Partner sites that frame the embeds, and their per-day counters."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow


class Partner(Model):
    """A partner news site that frames our embeds: who may frame them, in which look."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    # Exact origins (scheme://host[:port]) sent as CSP frame-ancestors; validated on input.
    origins: Mapped[list] = mapped_column(sa.JSON, default=list)
    accent: Mapped[str] = mapped_column(sa.String(7), default="#2f6b3a")  # #rrggbb, as typed
    scheme: Mapped[str] = mapped_column(sa.String(5), default="light")  # light | dark
    embed_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.CheckConstraint("scheme in ('light', 'dark')", name="ck_partner_scheme"),)


class EmbedDay(Model):
    """What readers did in one partner's embeds on one day (Europe/Berlin): plain counters."""

    partner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    views: Mapped[int] = mapped_column(default=0)
    guesses: Mapped[int] = mapped_column(default=0)
    solves: Mapped[int] = mapped_column(default=0)
    reveals: Mapped[int] = mapped_column(default=0)


class ClaimCodeUse(Model):
    """A "Punkte sichern" code that was redeemed (services.claims): it never works again.

    The code itself is signed and short-lived; this row is what makes it single-use. Rows
    older than the code lifetime are no longer needed (the code has expired anyway)."""

    nonce: Mapped[str] = mapped_column(sa.String(32), primary_key=True)
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("partner.id", ondelete="CASCADE"))
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
