"""The one points formula (DESIGN.md "Points"); every page that shows a score uses it."""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_RIDDLE_POINTS = 100
WRONG_GUESS_PENALTY = 10
FLOOR_SHARE = 0.1  # a live solve is always worth at least 10 % of the riddle's points
MIN_FLOOR = 1


def points_floor(base_points: int) -> int:
    """The least a live solve can earn for a riddle worth `base_points`."""
    return max(MIN_FLOOR, round(base_points * FLOOR_SHARE))


def riddle_value(base_points: int, wrong_guesses: int, hint_costs: Iterable[int]) -> int:
    """Points a live solve earns now: base less wrong-guess penalties and hint costs, floored.

    Close guesses are not wrong guesses: a near miss costs nothing.
    """
    value = base_points - WRONG_GUESS_PENALTY * wrong_guesses - sum(hint_costs)
    return max(points_floor(base_points), value)
