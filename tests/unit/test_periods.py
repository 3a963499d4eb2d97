"""Board period keys follow Berlin's calendar, not UTC's."""

from __future__ import annotations

from datetime import UTC, datetime

from harzquiz.rules.periods import ALL_TIME, month_key, period_keys, week_key


def test_a_moment_counts_for_all_time_its_week_and_its_month():
    at = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)  # a Wednesday
    assert period_keys(at) == (ALL_TIME, "w2026-11-23", "m2026-11")


def test_sunday_night_utc_is_already_monday_in_berlin():
    # 23:30 UTC on Sunday 29 November is 00:30 on Monday 30 November in Berlin (CET).
    at = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)
    assert week_key(at) == "w2026-11-30"
    assert week_key(datetime(2026, 11, 29, 22, 30, tzinfo=UTC)) == "w2026-11-23"


def test_the_last_evening_of_a_month_in_utc_can_be_the_next_month_in_berlin():
    # 22:30 UTC on 31 July is 00:30 on 1 August in Berlin (CEST, UTC+2).
    assert month_key(datetime(2026, 7, 31, 22, 30, tzinfo=UTC)) == "m2026-08"
    assert month_key(datetime(2026, 7, 31, 21, 30, tzinfo=UTC)) == "m2026-07"
