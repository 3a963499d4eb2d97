"""The weekly prize draw ("Preisrätsel"): a riddle's prize, its entries and its winners."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow


class PrizeDraw(Model):
    """A riddle marked as a prize riddle. `seed` stays secret until the draw; its SHA-256
    (`commitment`) is shown on the riddle from the start (rules.prize_draw)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    riddle_id: Mapped[int] = mapped_column(
        sa.ForeignKey("riddle.id", ondelete="CASCADE"), unique=True
    )
    prize: Mapped[str] = mapped_column(sa.String(200))
    winner_count: Mapped[int] = mapped_column(default=1)
    entries_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    conditions: Mapped[str] = mapped_column(sa.Text)  # the Teilnahmebedingungen
    seed: Mapped[str] = mapped_column(sa.String(64))
    commitment: Mapped[str] = mapped_column(sa.String(64))
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    entries: Mapped[list[PrizeEntry]] = relationship(
        back_populates="draw", order_by="PrizeEntry.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint("winner_count between 1 and 100", name="ck_prize_winner_count"),
    )


class PrizeEntry(Model):
    """One account's entry, with the consent it gave (wording and time). The row and its id
    stay after the draw (the published list of ids must keep adding up); the personal data
    goes after PRIZE_RETENTION_DAYS (purged) or with the account (player_id NULL)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    draw_id: Mapped[int] = mapped_column(sa.ForeignKey("prize_draw.id", ondelete="CASCADE"))
    player_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("player.id", ondelete="SET NULL"), index=True
    )
    consent_text: Mapped[str] = mapped_column(sa.Text, default="")
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    show_name: Mapped[bool] = mapped_column(default=False)  # a winner may appear by nickname
    won_place: Mapped[int | None]  # 1..winner_count once drawn
    disqualified: Mapped[str] = mapped_column(sa.String(300), default="")  # why, if so
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    draw: Mapped[PrizeDraw] = relationship(back_populates="entries")

    __table_args__ = (sa.UniqueConstraint("draw_id", "player_id", name="uq_prize_entry_player"),)
