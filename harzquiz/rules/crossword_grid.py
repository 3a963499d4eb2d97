"""Crossword grids, pure: the letter convention, the data types, validation and numbering.

No Flask, no database: everything here is a function of its arguments (the layout
algorithm is `crossword_layout`, checking a player's letters is `crossword`).

**Letter convention** (as German crosswords write it; docs/rules.md "Crossword"):

- Letters are upper-cased; Ä, Ö and Ü are one cell each (not AE, OE, UE).
- ß (and the capital ẞ) becomes SS: two cells, as German upper case writes it.
- Spaces, hyphens, apostrophes and full stops are dropped: "Harzer Roller" is
  HARZERROLLER, "St. Andreasberg" is STANDREASBERG.
- Anything else is refused: digits ("B4" has no cell for "4"), other accented letters
  ("Café": the editor writes CAFE) and other punctuation. The editor sees the character.

A cell is a `(row, col)` pair, 0-based, row 0 at the top.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

MAX_SIZE = 15  # a grid is at most 15 x 15 cells
MIN_ANSWER = 2  # an entry has at least two letters
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ")
# Characters an answer may contain that take no cell.
_DROPPED = frozenset(" \t\n-\u2010\u2011\u2012\u2013'\u2019.")

Cell = tuple[int, int]


class Direction(StrEnum):
    """Which way an entry reads."""

    ACROSS = "across"
    DOWN = "down"

    @property
    def step(self) -> Cell:
        """The (row, col) step from one letter of an entry to the next."""
        return (0, 1) if self is Direction.ACROSS else (1, 0)

    @property
    def other(self) -> Direction:
        return Direction.DOWN if self is Direction.ACROSS else Direction.ACROSS


class AnswerError(ValueError):
    """An answer that the letter convention cannot write into cells."""


def crossword_letters(answer: str) -> str:
    """The cells' letters of `answer` by the convention above; AnswerError if impossible."""
    text = unicodedata.normalize("NFC", answer).replace("ẞ", "ß").upper()  # ß -> SS here
    letters = []
    for char in text:
        if char in LETTERS:
            letters.append(char)
        elif char not in _DROPPED:
            raise AnswerError(f"{answer!r}: {char!r} has no crossword cell")
    if len(letters) < MIN_ANSWER:
        raise AnswerError(f"{answer!r}: an answer needs at least {MIN_ANSWER} letters")
    return "".join(letters)


def cell_letter(typed: str) -> str:
    """What a player's input for one cell means: one convention letter, or "" (empty)."""
    text = unicodedata.normalize("NFC", typed.strip()).upper()
    return text if text in LETTERS else ""


@dataclass(frozen=True)
class Entry:
    """One answer in the grid: its number, direction, first cell, letters and clue."""

    number: int
    direction: Direction
    row: int
    col: int
    answer: str  # the cells' letters (crossword_letters), e.g. "HARZERROLLER"
    clue: str

    @property
    def cells(self) -> tuple[Cell, ...]:
        drow, dcol = self.direction.step
        return tuple((self.row + drow * i, self.col + dcol * i) for i in range(len(self.answer)))

    @property
    def label(self) -> str:
        """How editors and readers name it: "3 across"."""
        return f"{self.number} {self.direction.value}"


@dataclass(frozen=True)
class Grid:
    """A crossword: its size, its entries, and the marked cells spelling the Lösungswort."""

    width: int
    height: int
    entries: tuple[Entry, ...]
    marked: tuple[Cell, ...] = ()  # in the order their letters spell the Lösungswort

    def letters(self) -> dict[Cell, str]:
        """The right letter of every entry cell (the first entry's, should crossings differ)."""
        grid: dict[Cell, str] = {}
        for entry in self.entries:
            for cell, letter in zip(entry.cells, entry.answer, strict=True):
                grid.setdefault(cell, letter)
        return grid

    def solution_word(self) -> str:
        """The Lösungswort: the letters of the marked cells, in order."""
        letters = self.letters()
        return "".join(letters.get(cell, "?") for cell in self.marked)

    def entries_at(self, cell: Cell) -> tuple[Entry, ...]:
        """The entries (one or two) through `cell`."""
        return tuple(entry for entry in self.entries if cell in entry.cells)


@dataclass(frozen=True)
class Problem:
    """One reason a grid is not valid: a stable code (for translation) and an English text."""

    code: str
    message: str

    def __str__(self) -> str:
        return self.message


def numbering(starts: Iterable[Cell]) -> dict[Cell, int]:
    """Standard numbering: the cells starting an entry, 1, 2, ... left to right, top to bottom.

    An across and a down entry starting in the same cell share its number.
    """
    return {cell: number for number, cell in enumerate(sorted(set(starts)), start=1)}


def renumbered(entries: Iterable[Entry]) -> tuple[Entry, ...]:
    """The entries with standard numbers, ordered by number, across before down."""
    items = list(entries)
    numbers = numbering((entry.row, entry.col) for entry in items)
    fixed = [
        Entry(numbers[(e.row, e.col)], e.direction, e.row, e.col, e.answer, e.clue) for e in items
    ]
    return tuple(sorted(fixed, key=lambda e: (e.number, e.direction is Direction.DOWN)))


def validate(grid: Grid) -> list[Problem]:
    """Every reason `grid` is not a playable crossword; an empty list when it is."""
    problems: list[Problem] = []
    if not (1 <= grid.width <= MAX_SIZE and 1 <= grid.height <= MAX_SIZE):
        problems.append(
            Problem(
                "size", f"the grid is {grid.width} x {grid.height}; at most {MAX_SIZE} x {MAX_SIZE}"
            )
        )
    if not grid.entries:
        problems.append(Problem("empty", "the grid has no entries"))
        return problems
    for entry in grid.entries:
        problems.extend(_entry_problems(grid, entry))
    problems.extend(_overlap_problems(grid.entries))
    problems.extend(_crossing_problems(grid.entries))
    problems.extend(_run_problems(grid))
    problems.extend(_numbering_problems(grid.entries))
    problems.extend(_connection_problems(grid.entries))
    problems.extend(_mark_problems(grid))
    return problems


def _entry_problems(grid: Grid, entry: Entry) -> list[Problem]:
    problems = []
    try:
        if crossword_letters(entry.answer) != entry.answer:
            problems.append(
                Problem("answer", f"{entry.label}: {entry.answer!r} is not written in cell letters")
            )
    except AnswerError as error:
        problems.append(Problem("answer", f"{entry.label}: {error}"))
    if not entry.clue.strip():
        problems.append(Problem("clue", f"{entry.label} has no clue"))
    outside = [c for c in entry.cells if not (0 <= c[0] < grid.height and 0 <= c[1] < grid.width)]
    if outside:
        problems.append(Problem("outside", f"{entry.label} ({entry.answer}) leaves the grid"))
    return problems


def _overlap_problems(entries: Sequence[Entry]) -> list[Problem]:
    """Two entries of one direction may not share a cell."""
    problems = []
    owner: dict[tuple[Cell, Direction], Entry] = {}
    reported: set[tuple[Entry, Entry]] = set()
    for entry in entries:
        for cell in entry.cells:
            other = owner.setdefault((cell, entry.direction), entry)
            if other is not entry and (other, entry) not in reported:
                reported.add((other, entry))
                problems.append(
                    Problem(
                        "overlap",
                        f"{other.label} ({other.answer}) and {entry.label} "
                        f"({entry.answer}) overlap in the same direction",
                    )
                )
    return problems


def _crossing_problems(entries: Sequence[Entry]) -> list[Problem]:
    """Where an across and a down entry cross, their letters agree."""
    problems = []
    seen: dict[Cell, tuple[Entry, str]] = {}
    for entry in entries:
        for cell, letter in zip(entry.cells, entry.answer, strict=True):
            first = seen.setdefault(cell, (entry, letter))
            if first[1] != letter and first[0].direction is not entry.direction:
                problems.append(
                    Problem(
                        "crossing",
                        f"{first[0].label} has {first[1]} where {entry.label} has "
                        f"{letter} (row {cell[0] + 1}, column {cell[1] + 1})",
                    )
                )
    return problems


def _run_problems(grid: Grid) -> list[Problem]:
    """Every run of two or more adjacent letter cells, across or down, is exactly an entry.

    Otherwise a reader sees a word that has no clue (entries touching end to end, or lying
    side by side).
    """
    letters = grid.letters()
    known = {(e.row, e.col, e.direction, len(e.answer)) for e in grid.entries}
    problems = []
    for direction in Direction:
        drow, dcol = direction.step
        for cell in sorted(letters):
            if (cell[0] - drow, cell[1] - dcol) in letters:
                continue  # not the start of a run
            length = 1
            while (cell[0] + drow * length, cell[1] + dcol * length) in letters:
                length += 1
            if length >= MIN_ANSWER and (cell[0], cell[1], direction, length) not in known:
                problems.append(
                    Problem(
                        "run",
                        f"{length} letters {direction.value} from row {cell[0] + 1}, "
                        f"column {cell[1] + 1} are not one entry",
                    )
                )
    return problems


def _numbering_problems(entries: Sequence[Entry]) -> list[Problem]:
    numbers = numbering((entry.row, entry.col) for entry in entries)
    return [
        Problem(
            "number",
            f"{entry.label} ({entry.answer}) should be number {numbers[(entry.row, entry.col)]}",
        )
        for entry in entries
        if entry.number != numbers[(entry.row, entry.col)]
    ]


def _connection_problems(entries: Sequence[Entry]) -> list[Problem]:
    """Every entry is reachable from the first through crossings: no orphans, no islands."""
    by_cell: dict[Cell, list[int]] = {}
    for index, entry in enumerate(entries):
        for cell in entry.cells:
            by_cell.setdefault(cell, []).append(index)
    reached, todo = {0}, [0]
    while todo:
        for cell in entries[todo.pop()].cells:
            for other in by_cell[cell]:
                if other not in reached:
                    reached.add(other)
                    todo.append(other)
    return [
        Problem(
            "orphan",
            f"{entry.label} ({entry.answer}) is not connected to "
            f"{entries[0].label} ({entries[0].answer})",
        )
        for index, entry in enumerate(entries)
        if index not in reached
    ]


def _mark_problems(grid: Grid) -> list[Problem]:
    letters = grid.letters()
    problems = []
    for cell in sorted(set(grid.marked)):
        if cell not in letters:
            problems.append(
                Problem(
                    "mark",
                    f"the marked cell at row {cell[0] + 1}, column {cell[1] + 1} is not "
                    "in an entry",
                )
            )
    if len(set(grid.marked)) != len(grid.marked):
        problems.append(Problem("mark", "a cell is marked twice"))
    return problems


def grid_to_data(grid: Grid) -> dict:
    """The grid as plain JSON data (what the database and the export store)."""
    return {
        "width": grid.width,
        "height": grid.height,
        "entries": [
            {
                "number": e.number,
                "direction": e.direction.value,
                "row": e.row,
                "col": e.col,
                "answer": e.answer,
                "clue": e.clue,
            }
            for e in grid.entries
        ],
        "marked": [list(cell) for cell in grid.marked],
    }


def grid_from_data(data: Mapping) -> Grid:
    """The grid that `grid_to_data` wrote (not validated: call `validate`)."""
    return Grid(
        width=int(data["width"]),
        height=int(data["height"]),
        entries=tuple(
            Entry(
                int(e["number"]),
                Direction(e["direction"]),
                int(e["row"]),
                int(e["col"]),
                str(e["answer"]),
                str(e["clue"]),
            )
            for e in data["entries"]
        ),
        marked=tuple((int(r), int(c)) for r, c in data.get("marked", ())),
    )
