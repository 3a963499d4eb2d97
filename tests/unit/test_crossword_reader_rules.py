"""The reader's two small rules: which cell "Buchstaben aufdecken" fills for a word, and
the Lösungswort line written into the marked cells."""

from __future__ import annotations

from harzquiz.rules.crossword import fill_marked, reveal_target
from harzquiz.rules.crossword_grid import Direction, Entry, Grid

# Two crossing words: HARZ across (row 0) and ZUG down from its Z; Lösungswort cells H, U.
GRID = Grid(
    width=4,
    height=3,
    entries=(
        Entry(1, Direction.ACROSS, 0, 0, "HARZ", "Gebirge"),
        Entry(2, Direction.DOWN, 0, 3, "ZUG", "Bahn"),
    ),
    marked=((0, 0), (1, 3)),
)
HARZ, ZUG = GRID.entries


def test_reveal_target_is_the_first_cell_not_right_yet():
    assert reveal_target(GRID, {}, HARZ) == (0, 0)
    assert reveal_target(GRID, {(0, 0): "H", (0, 1): "X"}, HARZ) == (0, 1)
    assert reveal_target(GRID, {(0, 0): "H", (0, 1): "A"}, HARZ) == (0, 2)
    full = {(0, 0): "H", (0, 1): "A", (0, 2): "R", (0, 3): "Z"}
    assert reveal_target(GRID, full, HARZ) is None
    assert reveal_target(GRID, full, ZUG) == (1, 3)  # the crossing Z is right already


def test_fill_marked_writes_the_word_in_order_and_keeps_the_rest():
    letters = {(0, 1): "A", (0, 0): "Q"}
    assert fill_marked(GRID, letters, "hu") == {(0, 1): "A", (0, 0): "H", (1, 3): "U"}
    assert fill_marked(GRID, letters, "h") == {(0, 1): "A", (0, 0): "H"}  # one letter: one cell
    assert fill_marked(GRID, letters, "H-Ü!x") == {(0, 1): "A", (0, 0): "H", (1, 3): "Ü"}
    assert fill_marked(GRID, {}, "ß") == {(0, 0): "S", (1, 3): "S"}  # ß is SS
    assert fill_marked(GRID, letters, "") == letters
