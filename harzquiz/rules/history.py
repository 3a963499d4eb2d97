"""A player's points over time and weekly streaks, from their solves (pure, no database).

Weeks are Europe/Berlin weeks starting Monday 00:00 (lifecycle.week_start), named by
their Monday's calendar date: counting in dates, not in 7 × 24 hours, keeps the 23- and
25-hour days of a daylight-saving change and the turn of the year from shifting a week.
Only live solves count (points > 0), as on the leaderboards; an archive solve earns nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from harzquiz.rules.lifecycle import month_start, week_start

ONE_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Scored:
    """One solve as the history sees it: when, and how many points it earned."""

    at: datetime
    points: int


@dataclass(frozen=True)
class PeriodPoints:
    """Points and live solves of one week or month, named by its first day in Berlin."""

    start: date
    points: int
    solves: int


@dataclass(frozen=True)
class Streaks:
    """Consecutive Berlin weeks with at least one live solve."""

    current: int
    longest: int


def week_of(moment: datetime) -> date:
    """The Monday (Berlin calendar date) of the week containing `moment`."""
    return week_start(moment).date()


def month_of(moment: datetime) -> date:
    """The first day (Berlin calendar date) of the month containing `moment`."""
    return month_start(moment).date()


def _live(solves: Iterable[Scored]) -> list[Scored]:
    return [solve for solve in solves if solve.points > 0]


def _tally(solves: Iterable[Scored], period_of) -> dict[date, PeriodPoints]:
    """Live points and solves per period (named by `period_of` a solve's time)."""
    points: Counter[date] = Counter()
    counts: Counter[date] = Counter()
    for solve in _live(solves):
        points[period_of(solve.at)] += solve.points
        counts[period_of(solve.at)] += 1
    return {start: PeriodPoints(start, points[start], counts[start]) for start in points}


def weekly_points(solves: Iterable[Scored], now: datetime, weeks: int) -> list[PeriodPoints]:
    """The last `weeks` Berlin weeks up to this one, oldest first, empty weeks included."""
    tally = _tally(solves, week_of)
    this_week = week_of(now)
    starts = [this_week - ONE_WEEK * back for back in range(weeks - 1, -1, -1)]
    return [tally.get(start, PeriodPoints(start, 0, 0)) for start in starts]


def monthly_points(solves: Iterable[Scored]) -> list[PeriodPoints]:
    """Every Berlin month with a live solve, newest first."""
    tally = _tally(solves, month_of)
    return [tally[start] for start in sorted(tally, reverse=True)]


def weekly_streaks(solves: Iterable[Scored], now: datetime) -> Streaks:
    """Current and longest run of consecutive weeks with a live solve.

    The current streak counts back from this week, or from last week while this week has
    no solve yet: a week still under way has not broken the streak.
    """
    weeks = sorted({week_of(solve.at) for solve in _live(solves)})
    longest = run = 0
    previous: date | None = None
    for week in weeks:
        run = run + 1 if previous is not None and week - previous == ONE_WEEK else 1
        longest = max(longest, run)
        previous = week
    this_week = week_of(now)
    ends_recently = previous is not None and previous in (this_week, this_week - ONE_WEEK)
    return Streaks(current=run if ends_recently else 0, longest=longest)
