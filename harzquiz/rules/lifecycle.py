"""Riddle lifecycle: draft -> scheduled -> live -> closed, and Europe/Berlin calendar windows."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from harzquiz.rules.berlin import BERLIN


class Status(StrEnum):
    """Where a riddle stands at a given moment."""

    DRAFT = "draft"
    SCHEDULED = "scheduled"
    LIVE = "live"
    CLOSED = "closed"


def riddle_status(publish_at: datetime | None, closes_at: datetime | None, now: datetime) -> Status:
    """The status of a riddle with these times at `now` (no publish time means draft)."""
    if publish_at is None:
        return Status.DRAFT
    if now < publish_at:
        return Status.SCHEDULED
    if closes_at is not None and now >= closes_at:
        return Status.CLOSED
    return Status.LIVE


def is_public(status: Status) -> bool:
    """Readers may see live and closed riddles; drafts and scheduled ones do not exist for them."""
    return status in (Status.LIVE, Status.CLOSED)


def week_start(now: datetime) -> datetime:
    """Monday 00:00 Europe/Berlin of the week containing `now`, as an aware datetime."""
    local = now.astimezone(BERLIN)
    monday = (local - timedelta(days=local.weekday())).date()
    return datetime(monday.year, monday.month, monday.day, tzinfo=BERLIN)


def month_start(now: datetime) -> datetime:
    """The first of the month 00:00 Europe/Berlin containing `now`."""
    local = now.astimezone(BERLIN)
    return datetime(local.year, local.month, 1, tzinfo=BERLIN)
