"""Column types and defaults every model uses."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from harzquiz import clock


def utcnow() -> datetime:
    """The app's clock (frozen in tests), timezone-aware in UTC (all stored times are UTC)."""
    return clock.now()


class UTCDateTime(sa.types.TypeDecorator):
    """A DateTime stored naive in UTC and always read back timezone-aware.

    SQLite has no time zones; normalising here keeps every comparison aware.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)
