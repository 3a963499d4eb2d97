"""The one points formula (docs/rules.md, "Points"); every page that shows a score uses it."""

from __future__ import annotations

from collections.abc import Iterable

DEFAULT_RIDDLE_POINTS = 100
WRONG_GUESS_PENALTY = 10
FLOOR_PERCENT = 10  # a live solve is always worth at least 10 % of the riddle's points
MIN_FLOOR = 1
DEFAULT_QUIZ_ANSWER_POINTS = 10


def points_floor(base_points: int) -> int:
    """The least a live solve can earn: 10 % of the riddle's points, halves rounded up."""
    return max(MIN_FLOOR, (base_points * FLOOR_PERCENT + 50) // 100)


def riddle_value(base_points: int, wrong_guesses: int, hint_costs: Iterable[int]) -> int:
    """Points a live solve earns now: base less wrong-guess penalties and hint costs, floored.

    Close guesses are not wrong guesses: a near miss costs nothing.
    """
    value = base_points - WRONG_GUESS_PENALTY * wrong_guesses - sum(hint_costs)
    return max(points_floor(base_points), value)


def quiz_answer_points(points_per_answer: int, correct: bool, counts: bool) -> int:
    """Points for one quiz answer: the quiz's points if right and it counts, else nothing.

    An answer counts in the player's first attempt while the quiz is live; later attempts
    and closed quizzes are practice.
    """
    return points_per_answer if correct and counts else 0


# Crosswords (docs/rules.md "Crossword"): a full solve while live earns the crossword's
# points, less these costs, never less than the floor above.
DEFAULT_CROSSWORD_POINTS = 100
CROSSWORD_WORD_CHECK_COST = 2  # "Wort prüfen": one entry's wrong letters marked
CROSSWORD_GRID_CHECK_COST = 10  # "Rätsel prüfen": the whole grid's wrong letters marked
CROSSWORD_REVEAL_COST = 5  # "Buchstaben aufdecken": per letter


def crossword_value(
    base_points: int, word_checks: int, grid_checks: int, reveals: int, cells: int
) -> int:
    """Points a full live solve of a crossword earns now: base less check and reveal costs.

    Floored like a riddle (`points_floor`), except that a grid more than half revealed
    earns nothing: revealing letters one by one is giving up, not solving.
    """
    if reveals * 2 > cells:
        return 0
    value = (
        base_points
        - CROSSWORD_WORD_CHECK_COST * word_checks
        - CROSSWORD_GRID_CHECK_COST * grid_checks
        - CROSSWORD_REVEAL_COST * reveals
    )
    return max(points_floor(base_points), value)
