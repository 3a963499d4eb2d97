"""Riddle lifecycle states at exact boundaries, and week/month windows in Europe/Berlin."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harzquiz.rules.lifecycle import (
    BERLIN,
    Status,
    is_public,
    month_start,
    riddle_status,
    week_start,
)

PUBLISH = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
CLOSES = PUBLISH + timedelta(days=7)
TICK = timedelta(microseconds=1)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


class TestRiddleStatus:
    def test_no_publish_time_is_a_draft(self):
        assert riddle_status(None, None, PUBLISH) is Status.DRAFT
        assert riddle_status(None, CLOSES, CLOSES + timedelta(days=30)) is Status.DRAFT

    def test_before_publish_is_scheduled(self):
        assert riddle_status(PUBLISH, CLOSES, PUBLISH - TICK) is Status.SCHEDULED
        assert riddle_status(PUBLISH, CLOSES, PUBLISH - timedelta(days=3)) is Status.SCHEDULED

    def test_exactly_at_publish_is_live(self):
        assert riddle_status(PUBLISH, CLOSES, PUBLISH) is Status.LIVE

    def test_between_publish_and_close_is_live(self):
        assert riddle_status(PUBLISH, CLOSES, PUBLISH + TICK) is Status.LIVE
        assert riddle_status(PUBLISH, CLOSES, CLOSES - TICK) is Status.LIVE

    def test_exactly_at_close_is_closed(self):
        assert riddle_status(PUBLISH, CLOSES, CLOSES) is Status.CLOSED

    def test_after_close_is_closed(self):
        assert riddle_status(PUBLISH, CLOSES, CLOSES + TICK) is Status.CLOSED
        assert riddle_status(PUBLISH, CLOSES, CLOSES + timedelta(days=365)) is Status.CLOSED

    def test_no_close_time_stays_live(self):
        assert riddle_status(PUBLISH, None, PUBLISH + timedelta(days=3650)) is Status.LIVE

    def test_boundaries_compare_instants_not_wall_clocks(self):
        # 06:00 Berlin (winter) is the same instant as 05:00 UTC.
        assert riddle_status(PUBLISH, CLOSES, berlin(2026, 11, 23, 6, 0)) is Status.LIVE
        assert riddle_status(PUBLISH, CLOSES, berlin(2026, 11, 23, 5, 59)) is Status.SCHEDULED
        assert riddle_status(PUBLISH, CLOSES, berlin(2026, 11, 30, 6, 0)) is Status.CLOSED

    @pytest.mark.parametrize(
        ("status", "public"),
        [
            (Status.DRAFT, False),
            (Status.SCHEDULED, False),
            (Status.LIVE, True),
            (Status.CLOSED, True),
        ],
    )
    def test_only_live_and_closed_are_public(self, status, public):
        assert is_public(status) is public

    @given(offset=st.integers(min_value=-(10**9), max_value=10**9))
    def test_status_follows_the_timeline(self, offset):
        now = PUBLISH + timedelta(seconds=offset)
        status = riddle_status(PUBLISH, CLOSES, now)
        expected = (
            Status.SCHEDULED if now < PUBLISH else Status.LIVE if now < CLOSES else Status.CLOSED
        )
        assert status is expected


class TestWeekStart:
    def test_wednesday_in_winter(self):
        start = week_start(utc(2026, 11, 25, 10, 0))
        assert start == berlin(2026, 11, 23, 0, 0)
        assert start == utc(2026, 11, 22, 23, 0)  # CET is UTC+1

    def test_wednesday_in_summer(self):
        start = week_start(utc(2026, 7, 15, 12, 0))
        assert start == utc(2026, 7, 12, 22, 0)  # CEST is UTC+2

    def test_sunday_late_in_utc_is_already_monday_in_berlin(self):
        # Sunday 23:30 UTC in winter = Monday 00:30 Berlin: the new week has begun.
        now = utc(2026, 11, 29, 23, 30)
        assert now.weekday() == 6
        assert now.astimezone(BERLIN).weekday() == 0
        start = week_start(now)
        assert start == berlin(2026, 11, 30, 0, 0)
        assert start == utc(2026, 11, 29, 23, 0)
        assert start <= now

    def test_sunday_evening_in_berlin_still_belongs_to_the_old_week(self):
        now = utc(2026, 11, 29, 22, 59)  # Sunday 23:59 Berlin
        assert week_start(now) == berlin(2026, 11, 23, 0, 0)

    def test_monday_midnight_berlin_starts_the_week(self):
        midnight = berlin(2026, 11, 30, 0, 0)
        assert week_start(midnight) == midnight
        assert week_start(midnight - TICK) == berlin(2026, 11, 23, 0, 0)

    def test_week_containing_the_end_of_summer_time(self):
        # Clocks go back on Sunday 2026-10-25 03:00 CEST -> 02:00 CET.
        monday = berlin(2026, 10, 19, 0, 0)
        assert monday.utcoffset() == timedelta(hours=2)
        for now in (
            utc(2026, 10, 19, 0, 0),
            utc(2026, 10, 24, 12, 0),
            utc(2026, 10, 25, 0, 30),  # 02:30 CEST, before the change
            utc(2026, 10, 25, 1, 30),  # 02:30 CET, after the change
            utc(2026, 10, 25, 22, 59),  # Sunday 23:59 CET
        ):
            start = week_start(now)
            assert start == monday, now
            assert start == utc(2026, 10, 18, 22, 0)
        next_week = week_start(utc(2026, 10, 25, 23, 0))  # Monday 00:00 CET
        assert next_week == utc(2026, 10, 25, 23, 0)
        # That DST week is 169 hours long (subtract instants: same-zone subtraction is wall time).
        assert next_week.astimezone(UTC) - monday.astimezone(UTC) == timedelta(hours=169)

    def test_week_containing_the_start_of_summer_time(self):
        # Clocks go forward on Sunday 2026-03-29 02:00 CET -> 03:00 CEST.
        start = week_start(utc(2026, 3, 29, 12, 0))
        assert start == utc(2026, 3, 22, 23, 0)
        following = week_start(utc(2026, 3, 29, 22, 0))  # Monday 00:00 CEST
        assert following == utc(2026, 3, 29, 22, 0)
        assert following.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=167)

    def test_result_is_aware_and_at_berlin_midnight(self):
        start = week_start(utc(2026, 11, 25, 10, 0))
        assert start.tzinfo is not None
        local = start.astimezone(BERLIN)
        assert (local.weekday(), local.hour, local.minute, local.second) == (0, 0, 0, 0)

    @given(
        now=st.datetimes(
            min_value=datetime(2000, 1, 3), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
        )
    )
    def test_week_start_properties(self, now):
        start = week_start(now)
        local = start.astimezone(BERLIN)
        assert local.weekday() == 0
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
        assert start <= now
        assert now - start < timedelta(days=7, hours=1)
        assert now.astimezone(BERLIN).date() - local.date() < timedelta(days=7)


class TestMonthStart:
    def test_middle_of_the_month(self):
        assert month_start(utc(2026, 11, 25, 10, 0)) == berlin(2026, 11, 1, 0, 0)
        assert month_start(utc(2026, 11, 25, 10, 0)) == utc(2026, 10, 31, 23, 0)

    def test_last_evening_of_the_month_in_utc_is_already_next_month_in_berlin(self):
        now = utc(2026, 11, 30, 23, 30)  # 1 December 00:30 Berlin
        assert month_start(now) == berlin(2026, 12, 1, 0, 0)
        assert month_start(now) == utc(2026, 11, 30, 23, 0)

    def test_month_with_the_summer_time_change(self):
        # October 2026 starts in CEST and ends in CET.
        start = month_start(utc(2026, 10, 31, 12, 0))
        assert start == utc(2026, 9, 30, 22, 0)
        assert month_start(utc(2026, 10, 31, 23, 0)) == utc(2026, 10, 31, 23, 0)

    def test_new_year(self):
        assert month_start(utc(2026, 12, 31, 23, 0)) == utc(2026, 12, 31, 23, 0)
        assert month_start(utc(2026, 12, 31, 22, 59)) == utc(2026, 11, 30, 23, 0)

    @given(
        now=st.datetimes(
            min_value=datetime(2000, 1, 3), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
        )
    )
    def test_month_start_properties(self, now):
        start = month_start(now)
        local = start.astimezone(BERLIN)
        berlin_now = now.astimezone(BERLIN)
        assert (local.year, local.month, local.day) == (berlin_now.year, berlin_now.month, 1)
        assert (local.hour, local.minute, local.second) == (0, 0, 0)
        assert start <= now
