"""Pure quiz rules: reading a submitted answer, judging it, and the spoiler-free share grid.

No Flask, no database: a question's right answer arrives as a :class:`QuestionKey`, a
reader's form values as plain strings. Free-text answers go through the riddles' matcher
(:func:`harzquiz.rules.answers.check_guess`), so both forgive the same spellings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from harzquiz.rules.answers import AnswerKey, check_guess
from harzquiz.rules.inputs import guess_problem
from harzquiz.rules.refusals import Refusal

__all__ = [
    "Kind",
    "ParsedAnswer",
    "QuestionKey",
    "judge",
    "parse_answer",
    "parse_number",
    "share_grid",
    "split_unit",
]


class Kind(StrEnum):
    """The five question types."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    NUMBER = "number"
    TEXT = "text"


@dataclass(frozen=True)
class QuestionKey:
    """What a question accepts and what is right (only the fields of its kind matter)."""

    kind: Kind
    choice_ids: frozenset[int] = frozenset()
    correct_choice_ids: frozenset[int] = frozenset()
    truth: bool | None = None
    number: float | None = None
    tolerance: float = 0.0
    answer_key: AnswerKey | None = None
    units: tuple[str, ...] = ()  # number estimates: units a reader may type after the number


@dataclass(frozen=True)
class ParsedAnswer:
    """A well-formed answer of the question's kind, or the reason it is not one."""

    choices: frozenset[int] = frozenset()
    truth: bool | None = None
    number: float | None = None
    text: str = ""
    problem: Refusal | None = None  # empty | foreign_choice | one_choice | not_a_number | …
    unit: str = ""  # a number's unit as typed ("m"); judged wrong unless the editor allows it
    unit_allowed: bool = True

    def stored(self) -> str:
        """The answer as one short string for the attempt's record."""
        if self.choices:
            return ",".join(str(choice) for choice in sorted(self.choices))
        if self.truth is not None:
            return "true" if self.truth else "false"
        if self.number is not None:
            return f"{format_number(self.number)} {self.unit}".strip()
        return self.text


TRUE_VALUES = {"true": True, "false": False}
# Digits with "." or "," as separators: 18 · 18,5 · 18.5 · 1.141 · 50.000 · 1.234,5 · -3
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")
MAX_NUMBER = 1e12


def parse_number(text: str) -> float | None:
    """Read a number as German and English readers type it, or None.

    The last separator is the decimal point unless it is a "." followed by exactly three
    digits ("50.000" is fifty thousand, as in German); any earlier ones group thousands.
    """
    cleaned = re.sub(r"[\s\u00a0\u202f']", "", text)
    if not _NUMBER.fullmatch(cleaned):
        return None
    sign = -1.0 if cleaned.startswith("-") else 1.0
    digits = cleaned.lstrip("+-")
    groups = re.split(r"[.,]", digits)
    separators = re.findall(r"[.,]", digits)
    decimals = ""
    if separators:
        last = separators[-1]
        thousands = last == "." and len(groups[-1]) == 3 and separators.count(",") == 0
        if not thousands:
            decimals = groups.pop()
    value = sign * float("".join(groups) + ("." + decimals if decimals else ""))
    return value if math.isfinite(value) and abs(value) <= MAX_NUMBER else None


# A number followed by a unit: "1141 m", "1141m", "1.141 Meter", "18,5 km²", "30 %".
_WITH_UNIT = re.compile(r"(.*\d)\s*([^\d\s.,+-][^\d]*)", re.DOTALL)


def unit_key(unit: str) -> str:
    """A unit as it is compared: case and spaces do not matter, nor a closing "."."""
    return re.sub(r"\s+", "", unit).rstrip(".").casefold()


def split_unit(text: str) -> tuple[float, str] | None:
    """A number with a unit after it ("1141 m" -> (1141.0, "m")), or None."""
    match = _WITH_UNIT.fullmatch(text.strip())
    if match is None:
        return None
    number = parse_number(match.group(1))
    unit = match.group(2).strip()
    return (number, unit) if number is not None and unit_key(unit) else None


def format_number(value: float) -> str:
    """A number without a needless ".0" (18.0 -> "18", 18.5 -> "18.5")."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _choice_ids(values: Sequence[str]) -> list[int] | None:
    """Form values as choice ids, or None if any is not a plain positive integer."""
    if not all(value.isascii() and value.isdecimal() and len(value) < 12 for value in values):
        return None
    return [int(value) for value in values]


def parse_answer(key: QuestionKey, values: Sequence[str]) -> ParsedAnswer:
    """Turn the submitted form values for one question into an answer, or a problem."""
    values = [value.strip() for value in values if value.strip()]
    if not values:
        return ParsedAnswer(problem=Refusal.EMPTY)
    if key.kind in (Kind.SINGLE, Kind.MULTIPLE):
        ids = _choice_ids(values)
        if ids is None or len(set(ids)) != len(ids):
            return ParsedAnswer(problem=Refusal.TAMPERED)
        if not set(ids) <= key.choice_ids:
            return ParsedAnswer(problem=Refusal.FOREIGN_CHOICE)
        if key.kind is Kind.SINGLE and len(ids) != 1:
            return ParsedAnswer(problem=Refusal.ONE_CHOICE)
        return ParsedAnswer(choices=frozenset(ids))
    if len(values) != 1:
        return ParsedAnswer(problem=Refusal.TAMPERED)
    value = values[0]
    if key.kind is Kind.TRUE_FALSE:
        if value not in TRUE_VALUES:
            return ParsedAnswer(problem=Refusal.TAMPERED)
        return ParsedAnswer(truth=TRUE_VALUES[value])
    if key.kind is Kind.NUMBER:
        return _parse_number_answer(key, value)
    problem = guess_problem(value)
    return ParsedAnswer(text=value, problem=problem)


def _parse_number_answer(key: QuestionKey, value: str) -> ParsedAnswer:
    """A number, or (when the editor named units) a number with a unit after it."""
    number = parse_number(value)
    if number is not None:
        return ParsedAnswer(number=number)
    with_unit = split_unit(value) if key.units else None
    if with_unit is None:
        return ParsedAnswer(problem=Refusal.NOT_A_NUMBER)
    number, unit = with_unit
    allowed = unit_key(unit) in {unit_key(name) for name in key.units}
    return ParsedAnswer(number=number, unit=unit, unit_allowed=allowed)


def judge(key: QuestionKey, answer: ParsedAnswer) -> bool:
    """Whether a well-formed answer is right: exact choice set, truth, within tolerance, match."""
    if answer.problem is not None:
        raise ValueError(f"cannot judge an answer with a problem: {answer.problem}")
    if key.kind in (Kind.SINGLE, Kind.MULTIPLE):
        return answer.choices == key.correct_choice_ids
    if key.kind is Kind.TRUE_FALSE:
        return answer.truth is key.truth
    if key.kind is Kind.NUMBER:
        if key.number is None or answer.number is None or not answer.unit_allowed:
            return False
        # A little slack so 0.1-steps in the editor's tolerance survive float arithmetic.
        return abs(answer.number - key.number) <= key.tolerance + 1e-9
    return key.answer_key is not None and check_guess(answer.text, key.answer_key).verdict == (
        "correct"
    )


GRID_RIGHT = "🟩"
GRID_WRONG = "🟥"
GRID_OPEN = "⬜"


def share_grid(results: Sequence[bool | None]) -> str:
    """One square per question, in order: right, wrong, or not answered. No answers in it."""
    squares = {True: GRID_RIGHT, False: GRID_WRONG, None: GRID_OPEN}
    return "".join(squares[result] for result in results)
