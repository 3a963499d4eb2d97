"""Pure quiz rules: reading answers of every kind, judging them, the share grid, quiz points."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harzquiz.models import QUESTION_KINDS
from harzquiz.rules.answers import AnswerKey
from harzquiz.rules.quiz import (
    Kind,
    ParsedAnswer,
    QuestionKey,
    judge,
    parse_answer,
    parse_number,
    share_grid,
)
from harzquiz.rules.scoring import DEFAULT_QUIZ_ANSWER_POINTS, quiz_answer_points

SINGLE = QuestionKey(
    Kind.SINGLE, choice_ids=frozenset({1, 2, 3}), correct_choice_ids=frozenset({2})
)
MULTIPLE = QuestionKey(
    Kind.MULTIPLE, choice_ids=frozenset({4, 5, 6, 7}), correct_choice_ids=frozenset({4, 6})
)
TRUE_FALSE = QuestionKey(Kind.TRUE_FALSE, truth=False)
NUMBER = QuestionKey(Kind.NUMBER, number=18, tolerance=2)
EXACT_NUMBER = QuestionKey(Kind.NUMBER, number=1952, tolerance=0)
TEXT = QuestionKey(Kind.TEXT, answer_key=AnswerKey("HARZlocal", ("Harz lokal",)))


def verdict(key: QuestionKey, *values: str) -> bool:
    answer = parse_answer(key, list(values))
    assert answer.problem is None, answer.problem
    return judge(key, answer)


def problem(key: QuestionKey, *values: str) -> str | None:
    return parse_answer(key, list(values)).problem


def test_the_database_constraint_lists_exactly_the_kinds():
    assert set(QUESTION_KINDS) == {kind.value for kind in Kind}


# --- judging every kind ----------------------------------------------------------------------


@pytest.mark.parametrize(("values", "right"), [(["2"], True), (["1"], False), (["3"], False)])
def test_single_choice(values, right):
    assert verdict(SINGLE, *values) is right


@pytest.mark.parametrize(
    ("values", "right"),
    [
        (["4", "6"], True),
        (["6", "4"], True),  # order does not matter
        (["4"], False),  # one right choice missing
        (["4", "6", "5"], False),  # a wrong one added
        (["5", "7"], False),
    ],
)
def test_multiple_choice_needs_exactly_the_right_set(values, right):
    assert verdict(MULTIPLE, *values) is right


@pytest.mark.parametrize(("value", "right"), [("false", True), ("true", False)])
def test_true_false(value, right):
    assert verdict(TRUE_FALSE, value) is right


@pytest.mark.parametrize(
    ("value", "right"),
    [
        ("18", True),
        ("16", True),
        ("20", True),
        ("15", False),
        ("21", False),
        ("19,5", True),
        ("20.0", True),
        ("20,01", False),
        ("-18", False),
    ],
)
def test_number_estimate_within_tolerance(value, right):
    assert verdict(NUMBER, value) is right


def test_number_without_tolerance_must_be_exact():
    assert verdict(EXACT_NUMBER, "1952") is True
    assert verdict(EXACT_NUMBER, "1.952") is True  # German thousands separator
    assert verdict(EXACT_NUMBER, "1953") is False


@pytest.mark.parametrize(
    ("value", "right"),
    [
        ("HARZlocal", True),
        ("harz-local", True),
        ("Harz Lokal", True),
        ("harzlocl", True),
        ("Harzring", False),
        ("local", False),
    ],
)
def test_free_text_uses_the_riddle_matcher(value, right):
    assert verdict(TEXT, value) is right


def test_free_text_close_is_not_right():
    key = QuestionKey(Kind.TEXT, answer_key=AnswerKey("Kugelgrill"))
    assert verdict(key, "Grill") is False


def test_judging_a_malformed_answer_is_a_programming_error():
    with pytest.raises(ValueError):
        judge(SINGLE, ParsedAnswer(problem="empty"))


# --- malformed answers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "values", "expected"),
    [
        (SINGLE, [], "empty"),
        (SINGLE, ["  "], "empty"),
        (SINGLE, ["9"], "foreign_choice"),  # an id of another question's choice
        (SINGLE, ["1", "2"], "one_choice"),
        (SINGLE, ["zwei"], "tampered"),
        (SINGLE, ["-1"], "tampered"),
        (SINGLE, ["2", "2"], "tampered"),
        (SINGLE, ["99999999999999999999"], "tampered"),
        (MULTIPLE, ["4", "1"], "foreign_choice"),
        (MULTIPLE, [], "empty"),
        (TRUE_FALSE, ["ja"], "tampered"),
        (TRUE_FALSE, ["true", "false"], "tampered"),
        (NUMBER, ["achtzehn"], "not_a_number"),
        (NUMBER, ["1e400"], "not_a_number"),
        (NUMBER, ["18", "19"], "tampered"),
        (TEXT, ["x" * 201], "too_long"),
        (TEXT, ["<b>HARZlocal</b>"], "markup"),
        (TEXT, ["HARZ\x00local"], "invalid"),
        (TEXT, [""], "empty"),
    ],
)
def test_malformed_answers_name_their_problem(key, values, expected):
    assert problem(key, *values) == expected


def test_stored_form_of_each_kind():
    assert parse_answer(MULTIPLE, ["6", "4"]).stored() == "4,6"
    assert parse_answer(TRUE_FALSE, ["false"]).stored() == "false"
    assert parse_answer(NUMBER, ["18,0"]).stored() == "18"
    assert parse_answer(NUMBER, ["2,5"]).stored() == "2.5"
    assert parse_answer(TEXT, [" Harz lokal "]).stored() == "Harz lokal"


# --- numbers as readers type them ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18", 18.0),
        (" 18 ", 18.0),
        ("+18", 18.0),
        ("-3", -3.0),
        ("18,5", 18.5),
        ("18.5", 18.5),
        ("1.141", 1141.0),
        ("50.000", 50000.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1 000", 1000.0),
        ("1\u202f000", 1000.0),
        ("0,001", 0.001),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "achtzehn", "18 Bürgermeister", "1..2", ",5", "5,", "--5"])
def test_parse_number_refuses_non_numbers(text):
    assert parse_number(text) is None


@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_plain_integers_read_back_exactly(number):
    assert parse_number(str(number)) == number


# --- the share grid and quiz points ------------------------------------------------------------


def test_share_grid_has_one_square_per_question_and_no_words():
    assert share_grid([True, False, True, None]) == "🟩🟥🟩⬜"
    assert share_grid([]) == ""


@given(st.lists(st.one_of(st.booleans(), st.none()), max_size=30))
def test_share_grid_length_and_counts(results):
    grid = share_grid(results)
    assert len(grid) == len(results)
    assert grid.count("🟩") == sum(1 for r in results if r is True)


@pytest.mark.parametrize(
    ("correct", "counts", "expected"),
    [(True, True, 10), (False, True, 0), (True, False, 0), (False, False, 0)],
)
def test_quiz_points_per_correct_first_answer(correct, counts, expected):
    assert quiz_answer_points(DEFAULT_QUIZ_ANSWER_POINTS, correct, counts) == expected


def test_quiz_points_follow_the_quiz_setting():
    assert quiz_answer_points(25, True, True) == 25
