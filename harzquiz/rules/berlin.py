"""Europe/Berlin time (pure): the zone readers and editors live in, and the one copy of the
conversions between its wall clock and the UTC the database stores."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

__all__ = ["BERLIN", "berlin_day", "berlin_to_utc", "utc_to_berlin"]

BERLIN = ZoneInfo("Europe/Berlin")


def berlin_to_utc(value: datetime | None) -> datetime | None:
    """A naive Europe/Berlin wall-clock time (as a form enters it) as an aware UTC time."""
    return None if value is None else value.replace(tzinfo=BERLIN).astimezone(UTC)


def utc_to_berlin(value: datetime | None) -> datetime | None:
    """A stored UTC time as the naive Europe/Berlin wall-clock time a form shows."""
    return None if value is None else value.astimezone(BERLIN).replace(tzinfo=None)


def berlin_day(now: datetime) -> date:
    """The calendar day in Berlin at `now` (the day a reader or editor means)."""
    return now.astimezone(BERLIN).date()
