"""Playing a crossword: checking without revealing, revealing, the Lösungswort, the points."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harzquiz.rules.crossword import (
    EMPTY,
    blank,
    check,
    is_solved,
    letters_from_string,
    letters_to_string,
    player_solution_word,
    reveal,
    solution_matches,
    typed_letters,
)
from harzquiz.rules.crossword_grid import Direction, Entry, Grid
from harzquiz.rules.scoring import (
    CROSSWORD_GRID_CHECK_COST,
    CROSSWORD_REVEAL_COST,
    CROSSWORD_WORD_CHECK_COST,
    crossword_value,
    points_floor,
)

A, D = Direction.ACROSS, Direction.DOWN
GRID = Grid(
    width=4,
    height=4,
    entries=(
        Entry(1, A, 0, 0, "HARZ", "Gebirge"),
        Entry(1, D, 0, 0, "HÖHE", "Gipfel"),
        Entry(2, D, 0, 3, "ZEHN", "Zahl"),
    ),
    marked=((1, 0), (0, 1), (0, 2), (0, 3)),  # Ö A R Z
)
RIGHT = GRID.letters()


def test_solution_word_and_antwort_testen():
    assert GRID.solution_word() == "ÖARZ"
    assert solution_matches(GRID, "öarz")
    assert not solution_matches(GRID, "OARZ")  # Ö is its own letter
    assert not solution_matches(GRID, "4")


def test_check_marks_wrong_filled_cells_only():
    letters = {(0, 0): "H", (0, 1): "E", (1, 0): "O"}
    result = check(GRID, letters)
    assert result.wrong == {(0, 1), (1, 0)}
    assert result.empty == len(RIGHT) - 3
    assert not result.solved


def test_word_check_looks_at_one_entry():
    letters = {(0, 1): "E", (1, 0): "X"}
    result = check(GRID, letters, entry=GRID.entries[0])  # HARZ
    assert result.wrong == {(0, 1)}
    assert result.empty == 3


def test_solved_when_every_cell_is_right():
    assert is_solved(GRID, RIGHT)
    assert check(GRID, RIGHT) == check(GRID, dict(RIGHT))
    assert check(GRID, RIGHT).solved and not check(GRID, RIGHT).wrong
    assert not is_solved(GRID, {**RIGHT, (3, 3): "M"})


def test_reveal_one_letter():
    after = reveal(GRID, {(0, 1): "E"}, (0, 1))
    assert after == {(0, 1): "A"}
    assert reveal(GRID, after, (0, 1)) is None  # already right: nothing to pay for
    assert reveal(GRID, {}, (1, 1)) is None  # a block


def test_player_solution_word():
    assert player_solution_word(GRID, {(1, 0): "Ö", (0, 2): "R"}) == "Ö?R?"


def test_typed_letters_drop_blocks_and_junk():
    typed = {(0, 0): "h", (1, 1): "X", (0, 1): "1", (0, 2): "ß", (1, 0): "ö"}
    assert typed_letters(GRID, typed) == {(0, 0): "H", (1, 0): "Ö"}


cells = st.sampled_from(sorted(RIGHT))
player_letters = st.dictionaries(cells, st.sampled_from("AEHNRZÖÜ"))


@given(player_letters)
def test_stored_letters_round_trip(letters):
    stored = letters_to_string(GRID, letters)
    assert len(stored) == 16 and len(blank(GRID)) == 16
    assert letters_from_string(GRID, stored) == letters
    assert set(stored) <= set("AEHNRZÖÜ" + EMPTY)


@given(player_letters)
def test_check_never_tells_right_letters(letters):
    result = check(GRID, letters)
    assert result.wrong <= set(letters)  # only cells the player filled
    assert all(letters[cell] != RIGHT[cell] for cell in result.wrong)
    assert result.solved == (letters == RIGHT)


@pytest.mark.parametrize(
    ("word", "grid", "reveals", "expected"),
    [
        (0, 0, 0, 100),
        (1, 0, 0, 100 - CROSSWORD_WORD_CHECK_COST),
        (0, 1, 0, 100 - CROSSWORD_GRID_CHECK_COST),
        (0, 0, 3, 100 - 3 * CROSSWORD_REVEAL_COST),
        (2, 1, 2, 100 - 2 * 2 - 10 - 2 * 5),
        (0, 9, 10, 10),  # floored at 10 %
        (0, 0, 51, 0),  # more than half the 100 cells revealed: given up
        (0, 0, 50, 10),  # exactly half: still floored, not nothing
    ],
)
def test_crossword_points(word, grid, reveals, expected):
    assert crossword_value(100, word, grid, reveals, cells=100) == expected


@given(st.integers(1, 1000), st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_crossword_points_fall_with_help_but_not_below_the_floor(base, word, grid, reveals):
    value = crossword_value(base, word, grid, reveals, cells=100)
    assert value <= base
    assert value >= points_floor(base) or reveals > 50
    assert crossword_value(base, word + 1, grid, reveals, cells=100) <= value
    assert crossword_value(base, word, grid, reveals + 1, cells=100) <= value
