"""Riddles, their hints, and the articles they sit beside."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow
from harzquiz.rules.answers import AnswerKey, NearMiss
from harzquiz.rules.scoring import DEFAULT_RIDDLE_POINTS


class Riddle(Model):
    """A weekly riddle: draft -> scheduled (publish_at) -> live -> closed (closes_at)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    question: Mapped[str] = mapped_column(sa.Text)
    solution: Mapped[str] = mapped_column(sa.String(200))
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    alternatives: Mapped[list] = mapped_column(sa.JSON, default=list)
    near_misses: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"phrase", "nudge"}]
    points: Mapped[int] = mapped_column(default=DEFAULT_RIDDLE_POINTS)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Optimistic locking: every UPDATE checks and bumps it, so two editors saving the same
    # riddle cannot overwrite each other (the second gets StaleDataError).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # A picture ("Bilderrätsel"): {key, ext, widths, width, height, alt, credit}, see
    # harzquiz/services/pictures.py; the files are named from the random key only.
    picture: Mapped[dict | None] = mapped_column(sa.JSON, default=None)

    hints: Mapped[list[Hint]] = relationship(
        back_populates="riddle", order_by="Hint.position", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.CheckConstraint("points > 0", name="ck_riddle_points_positive"),)
    __mapper_args__ = {"version_id_col": version}

    def answer_key(self) -> AnswerKey:
        """The matcher's view of this riddle's answers."""
        return AnswerKey(
            solution=self.solution,
            alternatives=tuple(self.alternatives or ()),
            near_misses=tuple(
                NearMiss(phrase=item["phrase"], nudge=item["nudge"])
                for item in (self.near_misses or ())
            ),
        )


class Hint(Model):
    """One hint of a riddle; unlocking it costs `cost` points."""

    id: Mapped[int] = mapped_column(primary_key=True)
    riddle_id: Mapped[int] = mapped_column(sa.ForeignKey("riddle.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.String(500))
    cost: Mapped[int] = mapped_column(default=10)
    picture: Mapped[dict | None] = mapped_column(sa.JSON, default=None)  # as Riddle.picture

    riddle: Mapped[Riddle] = relationship(back_populates="hints")

    __table_args__ = (
        sa.UniqueConstraint("riddle_id", "position"),
        sa.CheckConstraint("cost >= 0", name="ck_hint_cost_not_negative"),
    )


class Article(Model):
    """A regional news article, optionally carrying a riddle beside it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kicker: Mapped[str] = mapped_column(sa.String(80), default="")
    title: Mapped[str] = mapped_column(sa.String(200))
    teaser: Mapped[str] = mapped_column(sa.String(500), default="")
    body_markdown: Mapped[str] = mapped_column(sa.Text)
    author_name: Mapped[str] = mapped_column(sa.String(120), default="")
    picture: Mapped[dict | None] = mapped_column(sa.JSON, default=None)  # as Riddle.picture
    author_bio: Mapped[str] = mapped_column(sa.String(1000), default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    sources_count: Mapped[int] = mapped_column(default=0)
    social_comments_count: Mapped[int] = mapped_column(default=0)
    forum_posts_count: Mapped[int] = mapped_column(default=0)
    riddle_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("riddle.id", ondelete="SET NULL"), index=True
    )

    # Optimistic locking, as for riddles: a second editor's stale save is refused.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    riddle: Mapped[Riddle | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
