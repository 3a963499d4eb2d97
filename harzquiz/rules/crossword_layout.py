"""The placement algorithm: answer-clue pairs laid out in a compact, valid crossword grid.

Pure and deterministic: the same words (in the same order) and locks give the same grid.

How it works (greedy, tried in a few word orders; docs/rules.md "Crossword"):

1. Locked entries go first, exactly where the editor put them (they are never moved; the
   grid keeps their coordinates). Without locks, the first word of the order starts across.
2. Then, pass after pass, every word not yet placed (longest first, ties in the editor's
   order) goes where it crosses the letters already there, if it can: the most crossings
   win, then the smallest bounding box, then the squarest, then the top-left-most.
   A placement never makes a word without a clue: the cells before and after a word stay
   empty, and a new letter never sits beside another one across its direction.
3. Passes repeat until one places nothing. A word that crosses nothing is not placed at all
   (it would be an orphan): it is reported with the reason, for the editor to rephrase.
4. Without locks, the layout is tried from each of the first `STARTS` longest words and in
   `SHUFFLES` shuffled orders (a fixed seed, so still deterministic); the one placing the
   most words wins (then the most crossings, the smallest box, the earlier try).

Every entry of the result crosses another one (when there are two or more), and the result
passes `crossword_grid.validate` unless the locks themselves break a rule.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from harzquiz.rules.crossword_grid import (
    MAX_SIZE,
    AnswerError,
    Cell,
    Direction,
    Entry,
    Grid,
    Problem,
    crossword_letters,
    renumbered,
    validate,
)

STARTS = 6  # how many of the longest words are tried as the first word without locks
SHUFFLES = 10  # and how many shuffled word orders
SEED = 17  # the shuffles' fixed seed: the same words give the same grid

Box = tuple[int, int, int, int]  # min row, max row, min col, max col


@dataclass(frozen=True)
class Unplaced:
    """A word the layout left out, and why (for the editor)."""

    answer: str
    clue: str
    reason: str


@dataclass(frozen=True)
class Layout:
    """The laid-out grid, the words left out, and what `validate` says about the grid."""

    grid: Grid
    unplaced: tuple[Unplaced, ...]
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class _Word:
    order: int  # its place in the editor's list (locks: negative)
    answer: str
    clue: str


@dataclass
class _Board:
    """A growing layout: letters by cell, the directions covering each, the bounding box."""

    size: int
    fixed_frame: bool  # with locks: cells stay within 0..size-1, nothing is shifted
    letters: dict[Cell, str] = field(default_factory=dict)
    covered: dict[Cell, set[Direction]] = field(default_factory=dict)
    by_letter: dict[str, list[Cell]] = field(default_factory=dict)
    placed: list[tuple[_Word, Cell, Direction]] = field(default_factory=list)
    crossings: int = 0
    box: Box | None = None

    def fit(
        self, answer: str, start: Cell, direction: Direction, need_crossing: bool = True
    ) -> tuple[int, Box] | None:
        """(crossings, new box) if `answer` may go at `start` in `direction`, else None."""
        drow, dcol = direction.step
        prow, pcol = direction.other.step
        row, col = start
        end = (row + drow * (len(answer) - 1), col + dcol * (len(answer) - 1))
        box = self._grown(start, end)
        if box is None:
            return None
        letters = self.letters
        if (row - drow, col - dcol) in letters or (end[0] + drow, end[1] + dcol) in letters:
            return None
        crossings = 0
        for i, letter in enumerate(answer):
            cell = (row + drow * i, col + dcol * i)
            there = letters.get(cell)
            if there is not None:
                if there != letter or direction in self.covered[cell]:
                    return None
                crossings += 1
            elif (cell[0] + prow, cell[1] + pcol) in letters or (
                cell[0] - prow,
                cell[1] - pcol,
            ) in letters:
                return None
        if need_crossing and not crossings:
            return None
        return crossings, box

    def _grown(self, start: Cell, end: Cell) -> Box | None:
        """The bounding box with the cells start..end added, if it still fits the size."""
        if self.box is None:
            box = (start[0], end[0], start[1], end[1])
        else:
            low_r, high_r, low_c, high_c = self.box
            box = (
                min(low_r, start[0]),
                max(high_r, end[0]),
                min(low_c, start[1]),
                max(high_c, end[1]),
            )
        if self.fixed_frame:
            if box[0] < 0 or box[2] < 0 or box[1] >= self.size or box[3] >= self.size:
                return None
        elif box[1] - box[0] >= self.size or box[3] - box[2] >= self.size:
            return None
        return box

    def put(self, word: _Word, start: Cell, direction: Direction, crossings: int, box: Box) -> None:
        drow, dcol = direction.step
        for i, letter in enumerate(word.answer):
            cell = (start[0] + drow * i, start[1] + dcol * i)
            if cell not in self.letters:
                self.letters[cell] = letter
                self.covered[cell] = set()
                self.by_letter.setdefault(letter, []).append(cell)
            self.covered[cell].add(direction)
        self.placed.append((word, start, direction))
        self.crossings += crossings
        self.box = box

    def best_spot(self, answer: str) -> tuple[Cell, Direction, int, Box] | None:
        """The best place crossing the board, by the order in the module docstring."""
        best: tuple[tuple, Cell, Direction, int, Box] | None = None
        seen: set[tuple[Cell, Direction]] = set()
        for i, letter in enumerate(answer):
            for cell in self.by_letter.get(letter, ()):
                for direction in Direction:
                    if direction in self.covered[cell]:
                        continue
                    drow, dcol = direction.step
                    start = (cell[0] - drow * i, cell[1] - dcol * i)
                    if (start, direction) in seen:
                        continue
                    seen.add((start, direction))
                    fit = self.fit(answer, start, direction)
                    if fit is None:
                        continue
                    crossings, box = fit
                    height, width = box[1] - box[0] + 1, box[3] - box[2] + 1
                    key = (
                        -crossings,
                        height * width,
                        abs(height - width),
                        start,
                        direction is Direction.DOWN,
                    )
                    if best is None or key < best[0]:
                        best = (key, start, direction, crossings, box)
        return None if best is None else best[1:]


def lay_out(
    words: Sequence[tuple[str, str]], locked: Iterable[Entry] = (), size: int = MAX_SIZE
) -> Layout:
    """Lay out (answer, clue) pairs around the locked entries in a grid of at most size x size.

    Answers follow the letter convention (`crossword_letters`); those it refuses, and those
    longer than the grid, are reported as unplaced. Locked entries' numbers are ignored
    (the grid is numbered anew).
    """
    size = max(1, min(size, MAX_SIZE))
    unplaced: list[Unplaced] = []
    pool: list[_Word] = []
    for order, (answer, clue) in enumerate(words):
        try:
            letters = crossword_letters(answer)
        except AnswerError as error:
            unplaced.append(Unplaced(answer, clue, str(error)))
            continue
        if len(letters) > size:
            unplaced.append(Unplaced(answer, clue, f"longer than the grid ({size} cells)"))
            continue
        pool.append(_Word(order, letters, clue))
    pool.sort(key=lambda word: (-len(word.answer), word.order))
    locks = list(locked)
    if locks:
        board, refused = _locked_board(locks, size)
        unplaced.extend(refused)
        left = _grow(board, pool)
    else:
        board, left = _best_start(pool, size)
    unplaced.extend(
        Unplaced(word.answer, word.clue, "crosses no other word here")
        for word in sorted(left, key=lambda word: word.order)
    )
    grid = _grid(board)
    return Layout(grid, tuple(unplaced), tuple(validate(grid)) if grid.entries else ())


def _locked_board(locks: list[Entry], size: int) -> tuple[_Board, list[Unplaced]]:
    """A board with the locked entries where the editor put them (those that clash refused)."""
    board = _Board(size, fixed_frame=True)
    refused = []
    for order, entry in enumerate(locks, start=-len(locks)):
        try:
            answer = crossword_letters(entry.answer)
        except AnswerError as error:
            refused.append(Unplaced(entry.answer, entry.clue, str(error)))
            continue
        start = (entry.row, entry.col)
        fit = board.fit(answer, start, entry.direction, need_crossing=False)
        if fit is None:
            refused.append(
                Unplaced(entry.answer, entry.clue, "locked where it leaves the grid or clashes")
            )
            continue
        board.put(_Word(order, answer, entry.clue), start, entry.direction, *fit)
    return board, refused


def _orderings(pool: list[_Word]) -> list[list[_Word]]:
    """The word orders tried: each of the first STARTS words first, then seeded shuffles."""
    orders = [[pool[i], *pool[:i], *pool[i + 1 :]] for i in range(min(STARTS, len(pool)))]
    rng = random.Random(SEED)
    for _ in range(SHUFFLES if len(pool) > 2 else 0):
        order = list(pool)
        rng.shuffle(order)
        orders.append(order)
    return orders


def _best_start(pool: list[_Word], size: int) -> tuple[_Board, list[_Word]]:
    """The best layout of all orderings: most words, most crossings, smallest box."""
    best: tuple[tuple, _Board, list[_Word]] | None = None
    for index, order in enumerate(_orderings(pool)):
        board = _Board(size, fixed_frame=False)
        left = _grow(board, order)
        assert board.box is not None
        area = (board.box[1] - board.box[0] + 1) * (board.box[3] - board.box[2] + 1)
        key = (len(left), -board.crossings, area, index)
        if best is None or key < best[0]:
            best = (key, board, left)
    if best is None:
        return _Board(size, fixed_frame=False), []
    return best[1], best[2]


def _grow(board: _Board, pool: list[_Word]) -> list[_Word]:
    """Place what crosses, pass after pass (the first word of an empty board goes across
    at the top left); the words left over."""
    left = list(pool)
    progress = True
    while left and progress:
        progress = False
        for word in list(left):
            if board.placed:
                spot = board.best_spot(word.answer)
            else:
                fit = board.fit(word.answer, (0, 0), Direction.ACROSS, need_crossing=False)
                spot = None if fit is None else ((0, 0), Direction.ACROSS, *fit)
            if spot is None:
                continue
            board.put(word, *spot)
            left.remove(word)
            progress = True
    return left


def _grid(board: _Board) -> Grid:
    """The board as a numbered grid, shifted to the top left unless locks fix the frame."""
    if board.box is None:
        return Grid(width=1, height=1, entries=())
    low_r, high_r, low_c, high_c = board.box
    shift_r, shift_c = (0, 0) if board.fixed_frame else (low_r, low_c)
    entries = [
        Entry(0, direction, start[0] - shift_r, start[1] - shift_c, word.answer, word.clue)
        for word, start, direction in board.placed
    ]
    return Grid(
        width=high_c - shift_c + 1, height=high_r - shift_r + 1, entries=renumbered(entries)
    )


def mark_word(grid: Grid, word: str) -> tuple[Cell, ...] | None:
    """Cells whose letters spell `word`, spread through the grid; None if it cannot be spelled.

    Deterministic: each letter takes the first unused cell with it in reading order, looking
    from a little after the previous pick (wrapping around), so the marks scatter.
    """
    letters = grid.letters()
    order = sorted(letters)
    try:
        wanted = crossword_letters(word)
    except AnswerError:
        return None
    if not order:
        return None
    stride = max(1, len(order) // len(wanted))
    chosen: list[Cell] = []
    cursor = 0
    for letter in wanted:
        for step in range(len(order)):
            cell = order[(cursor + step) % len(order)]
            if letters[cell] == letter and cell not in chosen:
                chosen.append(cell)
                cursor = (cursor + step + stride) % len(order)
                break
        else:
            return None
    return tuple(chosen)
