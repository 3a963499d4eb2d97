"""Number answers with a unit the editor allows ("1141 m" as well as "1141 Meter")."""

from __future__ import annotations

import pytest

from harzquiz.rules.quiz import Kind, QuestionKey, judge, parse_answer, split_unit
from harzquiz.rules.refusals import Refusal

BROCKEN = QuestionKey(kind=Kind.NUMBER, number=1141, units=("m", "Meter"))
NO_UNITS = QuestionKey(kind=Kind.NUMBER, number=1141)


@pytest.mark.parametrize(
    ("typed", "right"),
    [
        ("1141", True),
        ("1141 m", True),
        ("1141m", True),
        ("1141 M", True),
        ("1141 m.", True),
        ("1141 Meter", True),
        ("1141 meter", True),
        ("1.141 Meter", True),
        ("1141\u00a0m", True),
        ("1140 m", False),  # the number still has to be right
        ("1141 km", False),  # a unit the editor did not allow is wrong
        ("1141 Fuß", False),
        ("1141 Meterchen", False),
    ],
)
def test_number_answers_with_units(typed, right):
    answer = parse_answer(BROCKEN, [typed])
    assert answer.problem is None
    assert judge(BROCKEN, answer) is right


@pytest.mark.parametrize("typed", ["1141 m", "1141m", "1141 Meter", "m", "Meter 1141"])
def test_without_allowed_units_a_unit_is_not_a_number(typed):
    assert parse_answer(NO_UNITS, [typed]).problem is Refusal.NOT_A_NUMBER


@pytest.mark.parametrize("typed", ["m", "Meter", "Meter 1141", "11 m 41", "- m"])
def test_a_unit_without_a_number_in_front_is_not_a_number(typed):
    assert parse_answer(BROCKEN, [typed]).problem is Refusal.NOT_A_NUMBER


def test_the_unit_is_kept_in_the_stored_answer():
    assert parse_answer(BROCKEN, ["1141m"]).stored() == "1141 m"
    assert parse_answer(BROCKEN, ["1141"]).stored() == "1141"


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("1141 m", (1141.0, "m")),
        ("18,5 km²", (18.5, "km²")),
        ("30 %", (30.0, "%")),
        ("1141", None),
        ("m", None),
    ],
)
def test_split_unit(text, split):
    assert split_unit(text) == split
