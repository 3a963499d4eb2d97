"""Editing crosswords: the desk's save (version check, audit), the schedule rule, closing early.

As riddles (services/editing.py): live windows of crosswords never overlap, so "the
crossword of the week" is never in doubt; closing early only shortens a window. The grid
is saved whole (entries, numbers and marked cells), already validated by the caller with
`rules.crossword_grid.validate`. Correcting a live crossword keeps existing solves and
their points; progress is read against the new grid from then on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from harzquiz.extensions import db
from harzquiz.models import Crossword, CrosswordProgress, Player
from harzquiz.rules.crossword_grid import Grid, grid_to_data
from harzquiz.rules.lifecycle import Status, riddle_status
from harzquiz.services import audit

# Columns the form edits, in the order a change is described in the audit log.
EDITED_FIELDS = ("title", "slug", "intro", "points", "is_prize", "publish_at", "closes_at")


@dataclass(frozen=True)
class CrosswordValues:
    """A crossword as the desk form (or an import) describes it."""

    title: str
    slug: str
    grid: Grid
    intro: str = ""
    points: int = 100
    is_prize: bool = False
    publish_at: datetime | None = None
    closes_at: datetime | None = None


@dataclass(frozen=True)
class CrosswordRow:
    """One line of the desk's list: the crossword, its status, players and solves."""

    crossword: Crossword
    status: str
    players: int
    solves: int


def crossword_list() -> sa.Select:
    """Every crossword, newest publish time first (drafts first), with its players and solves."""
    players = (
        sa.select(sa.func.count())
        .where(CrosswordProgress.crossword_id == Crossword.id)
        .scalar_subquery()
    )
    solves = (
        sa.select(sa.func.count())
        .where(
            CrosswordProgress.crossword_id == Crossword.id,
            CrosswordProgress.solved_at.is_not(None),
        )
        .scalar_subquery()
    )
    return sa.select(Crossword, players.label("players"), solves.label("solves")).order_by(
        Crossword.publish_at.desc().nulls_first(), Crossword.id.desc()
    )


def crossword_rows(now: datetime, rows) -> list[CrosswordRow]:
    """The list's rows with each crossword's status at `now`."""
    return [
        CrosswordRow(
            crossword=crossword,
            status=str(riddle_status(crossword.publish_at, crossword.closes_at, now).value),
            players=players,
            solves=solves,
        )
        for crossword, players, solves in rows
    ]


def slug_taken(slug: str, own_id: int | None) -> bool:
    """Whether another crossword already uses this slug."""
    query = sa.select(Crossword.id).where(Crossword.slug == slug)
    if own_id is not None:
        query = query.where(Crossword.id != own_id)
    return db.session.scalar(query.limit(1)) is not None


def overlapping_crossword(
    publish_at: datetime | None, closes_at: datetime | None, own_id: int | None
) -> Crossword | None:
    """Another crossword whose live window overlaps [publish_at, closes_at), if any."""
    if publish_at is None:
        return None  # a draft is never live
    query = sa.select(Crossword).where(
        Crossword.publish_at.is_not(None),
        Crossword.closes_at.is_(None) | (Crossword.closes_at > publish_at),
    )
    if closes_at is not None:
        query = query.where(Crossword.publish_at < closes_at)
    if own_id is not None:
        query = query.where(Crossword.id != own_id)
    return db.session.scalar(query.order_by(Crossword.publish_at).limit(1))


def apply_values(crossword: Crossword, values: CrosswordValues) -> list[str]:
    """Copy the values onto the crossword; the names of what changed ("grid" for the grid)."""
    changed = []
    for name in EDITED_FIELDS:
        new = getattr(values, name)
        if getattr(crossword, name) != new:
            setattr(crossword, name, new)
            changed.append(name)
    data = grid_to_data(values.grid)
    old = {
        "width": crossword.width,
        "height": crossword.height,
        "entries": crossword.entries,
        "marked": crossword.marked,
    }
    if old != data:
        crossword.grid = values.grid
        changed.append("grid")
    return changed


def save_crossword(
    crossword: Crossword | None, values: CrosswordValues, actor: Player | None
) -> Crossword | None:
    """Create or update a crossword with its audit entries in one transaction.

    Returns None when another editor saved it meanwhile (the version check in the UPDATE
    found a newer row); nothing is written then.
    """
    created = crossword is None
    if crossword is None:
        crossword = Crossword(slug=values.slug)
        db.session.add(crossword)
    was_published = crossword.publish_at
    try:
        changed = apply_values(crossword, values)
        db.session.flush()  # the UPDATE checks the version here
        if created:
            audit.record(actor, "created", crossword, ", ".join(changed))
        elif changed:
            audit.record(actor, "changed", crossword, ", ".join(changed))
        if crossword.publish_at is not None and crossword.publish_at != was_published:
            audit.record(actor, "published", crossword, crossword.publish_at.isoformat())
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return None
    return crossword


def close_early(crossword: Crossword, actor: Player | None, now: datetime) -> bool:
    """Close a live crossword now (its solution becomes public); False if it is not live."""
    if riddle_status(crossword.publish_at, crossword.closes_at, now) is not Status.LIVE:
        return False
    crossword.closes_at = now
    try:
        audit.record(actor, "closed", crossword, now.isoformat())
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True
