"""The desk's riddle flow: plan the next riddle (and end the current one then), publish now.

"Nächstes Rätsel planen" is one transaction: the chosen riddle gets the publish time, and
the riddle live at that moment closes exactly then, so the two windows meet and never
overlap (the schedule rule in services/editing.py). Publishing now is the same step with
the publish time `now`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from harzquiz.extensions import db
from harzquiz.models import Player, Riddle
from harzquiz.rules.lifecycle import Status, riddle_status
from harzquiz.services import audit
from harzquiz.services.editing import overlapping_riddle


@dataclass(frozen=True)
class Planned:
    """What planning did, or why it refused (`problem`; nothing was written then)."""

    problem: str | None = None
    other: Riddle | None = None  # the riddle that now ends then (or the one in the way)


def plannable_riddles(now: datetime) -> list[Riddle]:
    """Drafts and scheduled riddles: the ones an editor can plan as the next riddle."""
    riddles = db.session.scalars(sa.select(Riddle).order_by(Riddle.title, Riddle.id)).all()
    return [
        riddle
        for riddle in riddles
        if riddle_status(riddle.publish_at, riddle.closes_at, now)
        in (Status.DRAFT, Status.SCHEDULED)
    ]


def next_publish_time(now: datetime) -> datetime | None:
    """When the next riddle appears (for readers while nothing is live); never which one."""
    return db.session.scalar(
        sa.select(sa.func.min(Riddle.publish_at)).where(Riddle.publish_at > now)
    )


def plan_next(riddle: Riddle, publish_at: datetime, actor: Player | None, now: datetime) -> Planned:
    """Schedule `riddle` at `publish_at` and close the riddle live before it at that time."""
    if riddle_status(riddle.publish_at, riddle.closes_at, now) not in (
        Status.DRAFT,
        Status.SCHEDULED,
    ):
        return Planned(problem="not_plannable")
    if publish_at < now:
        return Planned(problem="in_the_past")
    # Every riddle still live at publish_at ends then (normally the one current riddle).
    ending = db.session.scalars(
        sa.select(Riddle)
        .where(Riddle.id != riddle.id, Riddle.publish_at < publish_at)
        .where(Riddle.closes_at.is_(None) | (Riddle.closes_at > publish_at))
        .order_by(Riddle.publish_at.desc(), Riddle.id.desc())
    ).all()
    closes_at = riddle.closes_at if riddle.closes_at and riddle.closes_at > publish_at else None
    if closes_at is None:  # open-ended, unless a later riddle is already scheduled
        closes_at = db.session.scalar(
            sa.select(sa.func.min(Riddle.publish_at)).where(
                Riddle.id != riddle.id, Riddle.publish_at > publish_at
            )
        )
    try:
        for before in ending:
            before.closes_at = publish_at
        db.session.flush()  # the overlap check below sees the shortened windows
        clash = overlapping_riddle(publish_at, closes_at, riddle.id)
        if clash is not None:
            db.session.rollback()
            return Planned(problem="overlap", other=clash)
        riddle.publish_at, riddle.closes_at = publish_at, closes_at
        ended = "".join(f"; {before.slug} endet dann" for before in ending)
        audit.record(actor, "published", riddle, publish_at.isoformat() + ended)
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return Planned(problem="conflict")
    return Planned(other=ending[0] if ending else None)
