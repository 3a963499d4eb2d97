"""Crosswords where the riddle is: the live one for the home page, the closed ones for the
archive (with their solutions, public once closed), and the next moment one changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Crossword, CrosswordProgress
from harzquiz.rules.crossword_grid import Grid

ARCHIVE_SHOWN = 10  # the newest closed crosswords on the archive page


def current_crossword(now: datetime) -> Crossword | None:
    """The crossword of the week: of all live crosswords, the one published last."""
    return db.session.scalar(
        sa.select(Crossword)
        .where(
            Crossword.publish_at <= now,
            Crossword.closes_at.is_(None) | (Crossword.closes_at > now),
        )
        .order_by(Crossword.publish_at.desc(), Crossword.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class ArchivedCrossword:
    """A closed crossword with its solution (public now) and how many solved it."""

    slug: str
    title: str
    closes_at: datetime
    grid: Grid
    players: int
    solves: int


def archived_crosswords(now: datetime, limit: int = ARCHIVE_SHOWN) -> list[ArchivedCrossword]:
    """The newest closed crosswords, newest first, in one query."""
    players = sa.func.count(CrosswordProgress.id)
    solves = sa.func.count(CrosswordProgress.solved_at)
    rows = db.session.execute(
        sa.select(Crossword, players, solves)
        .outerjoin(CrosswordProgress, CrosswordProgress.crossword_id == Crossword.id)
        .where(Crossword.closes_at <= now)
        .group_by(Crossword.id)
        .order_by(Crossword.closes_at.desc(), Crossword.id.desc())
        .limit(limit)
    ).all()
    return [
        ArchivedCrossword(c.slug, c.title, c.closes_at, c.grid, n_players, n_solves)
        for c, n_players, n_solves in rows
        if c.closes_at is not None  # always, by the query
    ]


def next_crossword_change(now: datetime) -> datetime | None:
    """The next moment any crossword is published or closes (shared pages change then)."""
    moments = db.session.execute(
        sa.select(
            sa.func.min(Crossword.publish_at).filter(Crossword.publish_at > now),
            sa.func.min(Crossword.closes_at).filter(Crossword.closes_at > now),
        )
    ).one()
    return min((moment for moment in moments if moment is not None), default=None)
