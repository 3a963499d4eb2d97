"""The weekly crossword and each player's progress on it.

The grid (entries with numbers, positions, answers and clues, and the marked cells) is
stored as JSON in the shape `rules.crossword_grid.grid_to_data` writes: a crossword is read
and written whole, by the desk and the reader alike, and never queried by entry.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow
from harzquiz.rules.crossword_grid import MAX_SIZE, Grid, grid_from_data, grid_to_data
from harzquiz.rules.scoring import DEFAULT_CROSSWORD_POINTS


class Crossword(Model):
    """A crossword: draft -> scheduled (publish_at) -> live -> closed (closes_at), as riddles."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    width: Mapped[int]
    height: Mapped[int]
    entries: Mapped[list] = mapped_column(sa.JSON, default=list)  # grid_to_data()["entries"]
    marked: Mapped[list] = mapped_column(sa.JSON, default=list)  # [[row, col], ...] in order
    points: Mapped[int] = mapped_column(default=DEFAULT_CROSSWORD_POINTS)
    # A prize puzzle: its Lösungswort is the entry for the weekly prize draw (issue 17;
    # the draw itself is the prize-draw issue's).
    is_prize: Mapped[bool] = mapped_column(default=False)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Optimistic locking, as riddles: two editors saving one crossword cannot overwrite
    # each other (the second gets StaleDataError).
    version: Mapped[int] = mapped_column(default=1)

    progress: Mapped[list[CrosswordProgress]] = relationship(
        back_populates="crossword", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.CheckConstraint("points > 0", name="ck_crossword_points_positive"),
        sa.CheckConstraint(f"width BETWEEN 1 AND {MAX_SIZE}", name="ck_crossword_width"),
        sa.CheckConstraint(f"height BETWEEN 1 AND {MAX_SIZE}", name="ck_crossword_height"),
    )
    __mapper_args__ = {"version_id_col": version}

    @property
    def grid(self) -> Grid:
        """The pure rules' view of this crossword (validate it with `crossword_grid.validate`)."""
        return grid_from_data(
            {
                "width": self.width,
                "height": self.height,
                "entries": self.entries or [],
                "marked": self.marked or [],
            }
        )

    @grid.setter
    def grid(self, grid: Grid) -> None:
        data = grid_to_data(grid)
        self.width, self.height = data["width"], data["height"]
        self.entries, self.marked = data["entries"], data["marked"]


class CrosswordProgress(Model):
    """One player's letters in one crossword, the help they used, and their solve.

    Letters are one string, a letter or "." per cell in reading order (rules.crossword).
    `points` is what the solve earned (0 until solved, and for a solve after the close).
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    crossword_id: Mapped[int] = mapped_column(sa.ForeignKey("crossword.id", ondelete="CASCADE"))
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    letters: Mapped[str] = mapped_column(sa.String(MAX_SIZE * MAX_SIZE), default="")
    word_checks: Mapped[int] = mapped_column(default=0)
    grid_checks: Mapped[int] = mapped_column(default=0)
    reveals: Mapped[int] = mapped_column(default=0)
    # When the first letter was stored: the share text's solving time runs from here.
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    points: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    crossword: Mapped[Crossword] = relationship(back_populates="progress")

    __table_args__ = (
        sa.UniqueConstraint("crossword_id", "player_id", name="uq_crosswordprogress_player"),
        sa.Index("ix_crosswordprogress_player", "player_id"),
        sa.Index("ix_crosswordprogress_solved_at", "solved_at"),
        sa.CheckConstraint(
            "word_checks >= 0 AND grid_checks >= 0 AND reveals >= 0 AND points >= 0",
            name="ck_crosswordprogress_counts",
        ),
    )
