"""Per-partner, per-day counters of what readers did in embeds, and the report over them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from harzquiz.extensions import db
from harzquiz.models import EmbedDay, Partner
from harzquiz.rules.berlin import berlin_day

COUNTERS = ("views", "guesses", "solves", "reveals")


def record(partner_id: int, now: datetime, **increments: int) -> None:
    """Add to a partner's counters for today, e.g. record(3, now, guesses=1, solves=1).

    One upsert, so concurrent requests (several app servers) never lose a count.
    """
    unknown = set(increments) - set(COUNTERS)
    if unknown:
        raise ValueError(f"unknown embed counters: {sorted(unknown)}")
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    table = EmbedDay.__table__
    values = {name: increments.get(name, 0) for name in COUNTERS}
    statement = (
        dialect.insert(table)
        .values(partner_id=partner_id, day=berlin_day(now), **values)
        .on_conflict_do_update(
            index_elements=["partner_id", "day"],
            set_={name: table.c[name] + amount for name, amount in increments.items()},
        )
    )
    db.session.execute(statement)
    db.session.commit()


@dataclass(frozen=True)
class DayRow:
    """One partner's counters on one day."""

    partner_id: int
    partner_name: str
    day: date
    views: int
    guesses: int
    solves: int
    reveals: int


def report(now: datetime, days: int = 30, partner_id: int | None = None) -> list[DayRow]:
    """Counters per partner and day for the last `days` days, newest day first."""
    since = berlin_day(now) - timedelta(days=days - 1)
    query = (
        sa.select(
            EmbedDay.partner_id,
            Partner.name,
            EmbedDay.day,
            *(sa.func.sum(getattr(EmbedDay, name)) for name in COUNTERS),
        )
        .join(Partner, Partner.id == EmbedDay.partner_id)
        .where(EmbedDay.day >= since)
        .group_by(EmbedDay.partner_id, Partner.name, EmbedDay.day)
        .order_by(EmbedDay.day.desc(), Partner.name)
    )
    if partner_id is not None:
        query = query.where(EmbedDay.partner_id == partner_id)
    return [DayRow(*row) for row in db.session.execute(query).all()]


def daily(now: datetime, partner_id: int, days: int = 30) -> list[DayRow]:
    """One partner's counters for each of the last `days` Berlin days, oldest first; days
    without any count are there with zeros (a chart needs every day)."""
    found = {row.day: row for row in report(now, days, partner_id)}
    today = berlin_day(now)
    rows = []
    for back in range(days - 1, -1, -1):
        day = today - timedelta(days=back)
        rows.append(found.get(day) or DayRow(partner_id, "", day, 0, 0, 0, 0))
    return rows
