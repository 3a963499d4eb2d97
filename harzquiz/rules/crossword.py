"""Playing a crossword, pure: a player's letters, checking them, revealing, the Lösungswort.

The grid itself (letter convention, types, validation) is `crossword_grid`; the layout
algorithm is `crossword_layout`; the points are `scoring.crossword_value`. The lifecycle is
the riddles' (`lifecycle.riddle_status` on the crossword's publish and close times).

A player's letters are stored as one string of `width * height` characters in reading
order: a letter, or `EMPTY` for a cell they have not filled (block cells are `EMPTY` too).
Checking never tells which letter is right, only which filled cells are wrong.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from harzquiz.rules.crossword_grid import (
    LETTERS,
    AnswerError,
    Cell,
    Entry,
    Grid,
    cell_letter,
    crossword_letters,
)

EMPTY = "."


def blank(grid: Grid) -> str:
    """The letters of a player who has typed nothing."""
    return EMPTY * (grid.width * grid.height)


def letters_from_string(grid: Grid, stored: str) -> dict[Cell, str]:
    """The player's filled entry cells from the stored string (anything else is ignored)."""
    cells = grid.letters()
    filled = {}
    for index, char in enumerate(stored[: grid.width * grid.height]):
        cell = divmod(index, grid.width)
        if cell in cells and char != EMPTY and cell_letter(char):
            filled[cell] = char
    return filled


def letters_to_string(grid: Grid, letters: Mapping[Cell, str]) -> str:
    """The stored string of a player's letters: entry cells only, one convention letter each."""
    cells = grid.letters()
    out = []
    for row in range(grid.height):
        for col in range(grid.width):
            letter = cell_letter(letters.get((row, col), "")) if (row, col) in cells else ""
            out.append(letter or EMPTY)
    return "".join(out)


def typed_letters(grid: Grid, typed: Mapping[Cell, str]) -> dict[Cell, str]:
    """What a player typed into cells, as convention letters; blocks and junk are dropped."""
    cells = grid.letters()
    result = {}
    for cell, text in typed.items():
        letter = cell_letter(text)
        if cell in cells and letter:
            result[cell] = letter
    return result


@dataclass(frozen=True)
class Check:
    """What a check tells the player: which filled cells are wrong, and whether it is solved."""

    wrong: frozenset[Cell]  # filled but wrong (the right letter is not told)
    empty: int  # entry cells still empty among those checked
    solved: bool  # the whole grid is filled and right


def check(grid: Grid, letters: Mapping[Cell, str], entry: Entry | None = None) -> Check:
    """Check the player's letters: the whole grid ("Rätsel prüfen") or one entry ("Wort prüfen").

    `solved` is always about the whole grid.
    """
    right = grid.letters()
    cells: Iterable[Cell] = entry.cells if entry is not None else right
    wrong = frozenset(c for c in cells if letters.get(c) and letters[c] != right[c])
    empty = sum(1 for c in (entry.cells if entry is not None else right) if not letters.get(c))
    return Check(wrong=wrong, empty=empty, solved=is_solved(grid, letters))


def is_solved(grid: Grid, letters: Mapping[Cell, str]) -> bool:
    """Every entry cell holds its right letter."""
    return all(letters.get(cell) == letter for cell, letter in grid.letters().items())


def reveal(grid: Grid, letters: Mapping[Cell, str], cell: Cell) -> dict[Cell, str] | None:
    """The letters with `cell` revealed ("Buchstaben aufdecken"); None if it is no entry cell
    or already right (revealing it would cost points for nothing)."""
    right = grid.letters()
    if cell not in right or letters.get(cell) == right[cell]:
        return None
    return {**letters, cell: right[cell]}


def reveal_target(grid: Grid, letters: Mapping[Cell, str], entry: Entry) -> Cell | None:
    """The cell "Buchstaben aufdecken" fills for an entry: its first cell not right yet."""
    right = grid.letters()
    return next((cell for cell in entry.cells if letters.get(cell) != right[cell]), None)


def fill_marked(grid: Grid, letters: Mapping[Cell, str], word: str) -> dict[Cell, str]:
    """The letters with `word` written into the marked cells, in order (the Lösungswort
    typed on its own line); its extra letters are dropped, missing ones leave cells as they
    are. Only convention letters count (ß becomes SS)."""
    text = unicodedata.normalize("NFC", word).replace("ẞ", "ß").upper().replace("ß", "SS")
    typed = [char for char in text if char in LETTERS]
    return {**letters, **dict(zip(grid.marked, typed, strict=False))}


def player_solution_word(grid: Grid, letters: Mapping[Cell, str]) -> str:
    """The Lösungswort as the player's letters spell it ("?" for an empty marked cell)."""
    return "".join(letters.get(cell) or "?" for cell in grid.marked)


def solution_matches(grid: Grid, text: str) -> bool:
    """ "Antwort testen": does `text` spell the Lösungswort (by the letter convention)?"""
    try:
        return bool(grid.marked) and crossword_letters(text) == grid.solution_word()
    except AnswerError:
        return False
