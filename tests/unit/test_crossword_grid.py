"""Crossword grids: the letter convention, numbering and every validation problem."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harzquiz.rules.crossword_grid import (
    AnswerError,
    Direction,
    Entry,
    Grid,
    cell_letter,
    crossword_letters,
    grid_from_data,
    grid_to_data,
    numbering,
    renumbered,
    validate,
)

A, D = Direction.ACROSS, Direction.DOWN


@pytest.mark.parametrize(
    ("answer", "cells"),
    [
        ("Harzer Roller", "HARZERROLLER"),
        ("Brocken", "BROCKEN"),
        ("Mühle", "MÜHLE"),  # Ü is one cell
        ("Mu\u0308hle", "MÜHLE"),  # decomposed Unicode too
        ("Öl", "ÖL"),
        ("Ähre", "ÄHRE"),
        ("Straße", "STRASSE"),  # ß is two cells
        ("GROẞ", "GROSS"),  # the capital ẞ as well
        ("Hexen-Tanzplatz", "HEXENTANZPLATZ"),
        ("St. Andreasberg", "STANDREASBERG"),
        ("Rock 'n' Roll", "ROCKNROLL"),
    ],
)
def test_letter_convention(answer, cells):
    assert crossword_letters(answer) == cells


def test_umlauts_take_one_cell_each():
    assert len(crossword_letters("Übergänge")) == 9


@pytest.mark.parametrize("answer", ["B4", "A7", "Café", "Zoë", "Harz!", "Å", "x", "", " - "])
def test_convention_refuses_what_has_no_cell(answer):
    with pytest.raises(AnswerError):
        crossword_letters(answer)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüß -", min_size=2, max_size=30))
def test_convention_letters_are_cells(text):
    try:
        cells = crossword_letters(text)
    except AnswerError:
        assert sum(ch.isalpha() for ch in text) + text.count("ß") < 2
        return
    assert set(cells) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ")
    assert len(cells) == sum(2 if ch == "ß" else ch.isalpha() for ch in text)
    assert crossword_letters(cells) == cells  # idempotent


@pytest.mark.parametrize(
    ("typed", "letter"),
    [("a", "A"), (" ü ", "Ü"), ("Ö", "Ö"), ("ß", ""), ("1", ""), ("ab", ""), ("", "")],
)
def test_cell_letter(typed, letter):
    assert cell_letter(typed) == letter


def small_grid(**changes) -> Grid:
    """HARZ across, HEXE down from its H, ZEHN down from its Z; marked: H, E, X of HEXE."""
    entries = (
        Entry(1, A, 0, 0, "HARZ", "Gebirge"),
        Entry(1, D, 0, 0, "HEXE", "Besenreiterin"),
        Entry(2, D, 0, 3, "ZEHN", "Zahl"),
    )
    fields = {"width": 4, "height": 4, "entries": entries, "marked": ((0, 0), (1, 0), (2, 0))}
    return Grid(**{**fields, **changes})


def codes(grid: Grid) -> list[str]:
    return [problem.code for problem in validate(grid)]


def test_valid_grid_has_no_problems():
    grid = small_grid()
    assert validate(grid) == []
    assert grid.solution_word() == "HEX"


def test_numbering_is_left_to_right_top_to_bottom():
    assert numbering([(2, 0), (0, 3), (0, 0), (0, 0)]) == {(0, 0): 1, (0, 3): 2, (2, 0): 3}
    shuffled = [
        Entry(9, D, 0, 3, "ZEHN", "Zahl"),
        Entry(7, D, 0, 0, "HEXE", "x"),
        Entry(5, A, 0, 0, "HARZ", "y"),
    ]
    assert [(e.number, e.direction) for e in renumbered(shuffled)] == [(1, A), (1, D), (2, D)]


def test_wrong_number_is_a_problem():
    grid = small_grid()
    entries = (grid.entries[0], grid.entries[1], Entry(3, D, 0, 3, "ZEHN", "Zahl"))
    assert codes(small_grid(entries=entries)) == ["number"]


def test_crossing_letters_must_agree():
    entries = (Entry(1, A, 0, 0, "HARZ", "x"), Entry(1, D, 0, 0, "BODE", "y"))
    assert "crossing" in codes(Grid(4, 4, entries))


def test_same_direction_overlap_is_a_problem():
    entries = (Entry(1, A, 0, 0, "HARZ", "x"), Entry(2, A, 0, 2, "RZE", "y"))
    assert "overlap" in codes(Grid(5, 1, entries))


def test_entries_touching_end_to_end_make_a_word_without_clue():
    entries = (Entry(1, A, 0, 0, "HA", "x"), Entry(2, A, 0, 2, "RZ", "y"))
    assert "run" in codes(Grid(4, 1, entries))


def test_side_by_side_entries_make_words_without_clue():
    entries = (Entry(1, A, 0, 0, "HARZ", "x"), Entry(2, A, 1, 0, "BODE", "y"))
    assert "run" in codes(Grid(4, 2, entries))


def test_orphan_entry_is_a_problem():
    grid = small_grid(
        width=6, height=6, entries=(*small_grid().entries, Entry(3, A, 5, 0, "ODER", "Fluss"))
    )
    problems = validate(grid)
    assert [p.code for p in problems] == ["orphan"]
    assert "ODER" in str(problems[0])


def test_entry_leaving_the_grid():
    assert "outside" in codes(small_grid(width=3))


def test_grid_larger_than_fifteen():
    assert "size" in codes(small_grid(width=16))


def test_marked_cell_must_be_in_an_entry():
    assert codes(small_grid(marked=((1, 1),))) == ["mark"]
    assert codes(small_grid(marked=((0, 0), (0, 0)))) == ["mark"]


def test_answers_must_be_cell_letters_and_clues_given():
    entries = (Entry(1, A, 0, 0, "Harz", "x"), Entry(1, D, 0, 0, "HEXE", " "))
    found = codes(Grid(4, 4, entries))
    assert "answer" in found and "clue" in found


def test_empty_grid():
    assert codes(Grid(3, 3, ())) == ["empty"]


def test_data_round_trip():
    grid = small_grid()
    assert grid_from_data(grid_to_data(grid)) == grid
