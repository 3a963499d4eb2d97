"""Points per week and month, and weekly streaks, in Europe/Berlin weeks (Monday start)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from harzquiz.rules.berlin import BERLIN
from harzquiz.rules.history import (
    PeriodPoints,
    Scored,
    Streaks,
    monthly_points,
    week_of,
    weekly_points,
    weekly_streaks,
)


def berlin(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


def solved(*moments: datetime, points: int = 50) -> list[Scored]:
    return [Scored(at=moment, points=points) for moment in moments]


NOW = berlin(2026, 11, 25, 11, 0)  # a Wednesday


class TestWeekOf:
    def test_monday_midnight_berlin_starts_the_week(self):
        assert week_of(berlin(2026, 11, 23, 0, 0)) == date(2026, 11, 23)
        assert week_of(berlin(2026, 11, 22, 23, 59)) == date(2026, 11, 16)

    def test_utc_sunday_evening_is_already_monday_in_berlin(self):
        assert week_of(datetime(2026, 11, 22, 23, 30, tzinfo=UTC)) == date(2026, 11, 23)


class TestWeeklyStreaks:
    def test_no_solves_no_streak(self):
        assert weekly_streaks([], NOW) == Streaks(current=0, longest=0)

    def test_three_weeks_in_a_row_up_to_this_week(self):
        solves = solved(berlin(2026, 11, 10, 9), berlin(2026, 11, 17, 9), berlin(2026, 11, 24, 9))
        assert weekly_streaks(solves, NOW) == Streaks(current=3, longest=3)

    def test_this_week_without_a_solve_yet_does_not_break_the_streak(self):
        solves = solved(berlin(2026, 11, 10, 9), berlin(2026, 11, 17, 9))
        assert weekly_streaks(solves, NOW) == Streaks(current=2, longest=2)

    def test_a_whole_week_without_a_solve_ends_the_current_streak(self):
        solves = solved(berlin(2026, 11, 3, 9), berlin(2026, 11, 10, 9))
        assert weekly_streaks(solves, NOW) == Streaks(current=0, longest=2)

    def test_longest_is_kept_after_a_gap(self):
        solves = solved(
            berlin(2026, 9, 1, 9),
            berlin(2026, 9, 8, 9),
            berlin(2026, 9, 15, 9),  # 3 weeks
            berlin(2026, 11, 24, 9),  # gap, then this week
        )
        assert weekly_streaks(solves, NOW) == Streaks(current=1, longest=3)

    def test_several_solves_in_one_week_count_once(self):
        solves = solved(berlin(2026, 11, 23, 9), berlin(2026, 11, 24, 9), berlin(2026, 11, 25, 9))
        assert weekly_streaks(solves, NOW) == Streaks(current=1, longest=1)

    def test_archive_solves_without_points_do_not_count(self):
        solves = solved(berlin(2026, 11, 17, 9)) + solved(berlin(2026, 11, 24, 9), points=0)
        assert weekly_streaks(solves, NOW) == Streaks(current=1, longest=1)

    def test_sunday_night_and_monday_morning_are_two_weeks(self):
        solves = solved(berlin(2026, 11, 22, 23, 59), berlin(2026, 11, 23, 0, 0))
        assert weekly_streaks(solves, NOW) == Streaks(current=2, longest=2)

    def test_across_the_spring_dst_change(self):
        # 2026-03-29: clocks go forward in Berlin; that week has only 167 hours.
        now = berlin(2026, 4, 1, 12)
        solves = solved(
            berlin(2026, 3, 23, 0, 30), berlin(2026, 3, 29, 23, 30), berlin(2026, 3, 30, 0, 5)
        )
        assert weekly_streaks(solves, now) == Streaks(current=2, longest=2)

    def test_across_the_autumn_dst_change(self):
        # 2026-10-25: clocks go back; a Monday-to-Monday week lasts 169 hours.
        now = berlin(2026, 10, 26, 0, 30)
        solves = solved(berlin(2026, 10, 19, 0, 15), berlin(2026, 10, 26, 0, 15))
        assert weekly_streaks(solves, now) == Streaks(current=2, longest=2)

    def test_across_the_year_boundary(self):
        now = berlin(2027, 1, 6, 12)
        solves = solved(berlin(2026, 12, 22, 9), berlin(2026, 12, 31, 23), berlin(2027, 1, 4, 9))
        assert weekly_streaks(solves, now) == Streaks(current=3, longest=3)

    def test_across_a_year_with_an_iso_week_53(self):
        # 2020 had ISO week 53: counting by week numbers would break the run here.
        now = berlin(2021, 1, 5, 12)
        solves = solved(berlin(2020, 12, 22, 9), berlin(2020, 12, 30, 9), berlin(2021, 1, 4, 9))
        assert weekly_streaks(solves, now) == Streaks(current=3, longest=3)

    def test_a_new_years_eve_solve_in_utc_counts_in_the_berlin_week(self):
        # 23:30 UTC on Sunday 2028-01-02 is Monday 00:30 in Berlin: a new week.
        now = berlin(2028, 1, 5, 12)
        solves = solved(
            datetime(2027, 12, 27, 9, tzinfo=UTC), datetime(2028, 1, 2, 23, 30, tzinfo=UTC)
        )
        assert weekly_streaks(solves, now) == Streaks(current=2, longest=2)


class TestPointsOverTime:
    def test_weekly_points_cover_the_last_weeks_oldest_first_with_empty_weeks(self):
        solves = solved(berlin(2026, 11, 10, 9), berlin(2026, 11, 11, 9), berlin(2026, 11, 24, 9))
        weeks = weekly_points(solves, NOW, 4)
        assert weeks == [
            PeriodPoints(date(2026, 11, 2), 0, 0),
            PeriodPoints(date(2026, 11, 9), 100, 2),
            PeriodPoints(date(2026, 11, 16), 0, 0),
            PeriodPoints(date(2026, 11, 23), 50, 1),
        ]

    def test_weekly_points_step_over_dst_by_calendar_weeks(self):
        weeks = weekly_points([], berlin(2026, 11, 2, 0, 30), 3)
        assert [week.start for week in weeks] == [
            date(2026, 10, 19),
            date(2026, 10, 26),
            date(2026, 11, 2),
        ]

    def test_monthly_points_newest_first_in_berlin_months(self):
        solves = solved(
            berlin(2026, 10, 31, 23, 30),  # still October in Berlin (22:30 UTC)
            berlin(2026, 11, 1, 0, 30),  # November in Berlin, October 31 in UTC
            berlin(2026, 11, 20, 9),
        ) + solved(berlin(2026, 11, 21, 9), points=0)
        assert monthly_points(solves) == [
            PeriodPoints(date(2026, 11, 1), 100, 2),
            PeriodPoints(date(2026, 10, 1), 50, 1),
        ]
