"""The one copy of the Berlin wall-clock <-> UTC conversions."""

from __future__ import annotations

from datetime import UTC, date, datetime

from harzquiz.rules.berlin import berlin_day, berlin_to_utc, utc_to_berlin


def test_wall_clock_to_utc_follows_daylight_saving():
    assert berlin_to_utc(datetime(2026, 1, 15, 8, 0)) == datetime(2026, 1, 15, 7, 0, tzinfo=UTC)
    assert berlin_to_utc(datetime(2026, 7, 15, 8, 0)) == datetime(2026, 7, 15, 6, 0, tzinfo=UTC)


def test_round_trip_and_none():
    stored = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert utc_to_berlin(stored) == datetime(2026, 11, 26, 0, 30)
    assert berlin_to_utc(utc_to_berlin(stored)) == stored
    assert berlin_to_utc(None) is None and utc_to_berlin(None) is None


def test_the_berlin_day_is_not_the_utc_day():
    assert berlin_day(datetime(2026, 11, 25, 23, 30, tzinfo=UTC)) == date(2026, 11, 26)
