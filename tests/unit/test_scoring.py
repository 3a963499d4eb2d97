"""The one points formula: table tests and properties of riddle_value and points_floor."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harzquiz.rules.scoring import (
    DEFAULT_RIDDLE_POINTS,
    WRONG_GUESS_PENALTY,
    points_floor,
    riddle_value,
)

base_points = st.integers(min_value=1, max_value=10_000)
wrong_counts = st.integers(min_value=0, max_value=500)
hint_costs = st.lists(st.integers(min_value=0, max_value=1_000), max_size=6)


@pytest.mark.parametrize(
    ("base", "expected"),
    [(100, 10), (200, 20), (50, 5), (250, 25), (10, 1), (5, 1), (1, 1), (0, 1)],
)
def test_floor_is_ten_percent_but_at_least_one(base, expected):
    assert points_floor(base) == expected


@pytest.mark.parametrize(
    ("base", "wrong", "costs", "expected"),
    [
        (100, 0, [], 100),  # nothing deducted
        (100, 1, [], 90),  # one wrong guess costs 10
        (100, 3, [], 70),
        (100, 0, [20], 80),  # first Kugelgrill hint
        (100, 0, [20, 30], 50),  # both hints
        (100, 2, [20, 30], 30),
        (100, 4, [20, 30], 10),  # exactly at the floor
        (100, 5, [20, 30], 10),  # would be 0: floored
        (100, 50, [], 10),  # would be -400: floored
        (100, 0, [500], 10),  # a hint dearer than the riddle still leaves the floor
        (200, 3, [40], 130),
        (200, 30, [], 20),  # the floor scales with the riddle's points
        (30, 1, [], 20),
        (30, 3, [], 3),
        (DEFAULT_RIDDLE_POINTS, 0, (), DEFAULT_RIDDLE_POINTS),  # any iterable of costs
    ],
)
def test_riddle_value_table(base, wrong, costs, expected):
    assert riddle_value(base, wrong, costs) == expected


def test_default_points_and_penalty_match_the_design():
    assert DEFAULT_RIDDLE_POINTS == 100
    assert WRONG_GUESS_PENALTY == 10


def test_hint_costs_may_be_a_generator():
    assert riddle_value(100, 0, (cost for cost in [20, 30])) == 50


@given(base=base_points, wrong=wrong_counts, costs=hint_costs)
def test_value_never_below_floor(base, wrong, costs):
    assert riddle_value(base, wrong, costs) >= points_floor(base)


@given(base=base_points, wrong=wrong_counts, costs=hint_costs)
def test_value_never_above_base(base, wrong, costs):
    assert riddle_value(base, wrong, costs) <= base


@given(base=base_points, wrong=wrong_counts, costs=hint_costs)
def test_value_monotone_in_wrong_guesses(base, wrong, costs):
    assert riddle_value(base, wrong + 1, costs) <= riddle_value(base, wrong, costs)


@given(
    base=base_points,
    wrong=wrong_counts,
    costs=hint_costs,
    extra=st.integers(min_value=0, max_value=1_000),
)
def test_value_monotone_in_hint_costs(base, wrong, costs, extra):
    # Unlocking one more hint, or a dearer hint, never raises the value.
    assert riddle_value(base, wrong, [*costs, extra]) <= riddle_value(base, wrong, costs)
    if costs:
        dearer = [costs[0] + extra, *costs[1:]]
        assert riddle_value(base, wrong, dearer) <= riddle_value(base, wrong, costs)


@given(base=base_points, wrong=wrong_counts, costs=hint_costs)
def test_value_is_exact_above_the_floor(base, wrong, costs):
    raw = base - WRONG_GUESS_PENALTY * wrong - sum(costs)
    value = riddle_value(base, wrong, costs)
    assert value == max(raw, points_floor(base))


@given(base=base_points)
def test_floor_never_above_base(base):
    assert 1 <= points_floor(base) <= base


@pytest.mark.parametrize(("base", "floor"), [(15, 2), (25, 3), (5, 1), (100, 10), (14, 1)])
def test_points_floor_rounds_halves_up(base, floor):
    assert points_floor(base) == floor
