"""What a player can do with a crossword: save letters, check, reveal a letter. Transactions.

As services/play.py: an existing player is locked first (concurrent requests by one player
see each other's writes), and `create_player` is called only once an action is allowed,
so a refused request stores nothing. Every action sends the whole grid as typed (the form
without JavaScript does, and so does the debounced htmx save), stores it, and records the
solve once every cell is right. Points: `rules.scoring.crossword_value`, only while live.
A solve's points are `CrosswordProgress.points` earned at `solved_at` (as a riddle's
`Solve.points` at its `solved_at`); writing a row with points moves the caches' points stamp.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Crossword, CrosswordProgress, Player
from harzquiz.rules import scoring
from harzquiz.rules.crossword import (
    check,
    fill_marked,
    is_solved,
    letters_from_string,
    letters_to_string,
    reveal,
    reveal_target,
    typed_letters,
)
from harzquiz.rules.crossword_grid import Cell, Entry, Grid
from harzquiz.rules.lifecycle import Status, is_public, riddle_status
from harzquiz.services.state import lock_player

CreatePlayer = Callable[[], Player]


@dataclass(frozen=True)
class CrosswordOutcome:
    """What an action did: an error code, or the stored letters and what a check found."""

    error: str | None = None  # not_public | gone | solved | unknown_entry | no_reveal | retry
    letters: dict[Cell, str] = field(default_factory=dict)
    wrong: frozenset[Cell] = frozenset()  # only after a check: filled cells that are wrong
    solved: bool = False
    points: int = 0  # what the solve earned (0 unless solved, and after the close)


def public_crossword(slug: str, now: datetime) -> Crossword | None:
    """The crossword with this slug if readers may see it (live or closed)."""
    crossword = db.session.scalar(sa.select(Crossword).where(Crossword.slug == slug))
    if crossword is None or not is_public(_status(crossword, now)):
        return None
    return crossword


def load_progress(crossword: Crossword, player: Player | None) -> CrosswordProgress | None:
    """The player's row for this crossword, if they have played it."""
    if player is None:
        return None
    return db.session.scalar(
        sa.select(CrosswordProgress).where(
            CrosswordProgress.crossword_id == crossword.id,
            CrosswordProgress.player_id == player.id,
        )
    )


def _status(crossword: Crossword, now: datetime) -> Status:
    return riddle_status(crossword.publish_at, crossword.closes_at, now)


def _refuse(error: str) -> CrosswordOutcome:
    db.session.rollback()  # release the player lock; nothing was written
    return CrosswordOutcome(error=error)


def _act(
    crossword: Crossword,
    player: Player | None,
    typed: Mapping[Cell, str],
    now: datetime,
    create_player: CreatePlayer,
    change: Callable[[Grid, dict[Cell, str], CrosswordProgress], str | frozenset[Cell]],
) -> CrosswordOutcome:
    """Lock, read the row, apply `change` (an error code or the wrong cells), store, solve."""
    if not is_public(_status(crossword, now)):
        return _refuse("not_public")
    if player is not None and not lock_player(player):
        return _refuse("gone")
    progress = load_progress(crossword, player)
    if progress is not None and progress.solved_at is not None:
        return _refuse("solved")
    grid = crossword.grid
    letters = typed_letters(grid, typed)
    draft = progress or CrosswordProgress(word_checks=0, grid_checks=0, reveals=0, points=0)
    result = change(grid, letters, draft)
    if isinstance(result, str):
        return _refuse(result)
    player = player or create_player()
    draft.crossword_id, draft.player_id = crossword.id, player.id
    draft.letters = letters_to_string(grid, letters)
    if draft.started_at is None and letters:
        draft.started_at = now
    solved = is_solved(grid, letters)
    if solved:
        draft.solved_at = now
        draft.points = (
            scoring.crossword_value(
                crossword.points,
                draft.word_checks,
                draft.grid_checks,
                draft.reveals,
                cells=len(grid.letters()),
            )
            if _status(crossword, now) is Status.LIVE
            else 0
        )
    if progress is None:
        db.session.add(draft)
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent first action of this player stored its row first
        db.session.rollback()
        return CrosswordOutcome(error="retry")
    return CrosswordOutcome(letters=letters, wrong=result, solved=solved, points=draft.points)


def save_letters(
    crossword: Crossword,
    player: Player | None,
    typed: Mapping[Cell, str],
    now: datetime,
    create_player: CreatePlayer,
) -> CrosswordOutcome:
    """Store what the player typed (and the solve, if every cell is right)."""
    return _act(crossword, player, typed, now, create_player, lambda *_: frozenset())


def check_letters(
    crossword: Crossword,
    player: Player | None,
    typed: Mapping[Cell, str],
    now: datetime,
    create_player: CreatePlayer,
    entry_label: str | None = None,
) -> CrosswordOutcome:
    """ "Wort prüfen" (entry_label, e.g. "3 across") or "Rätsel prüfen" (None): store the
    letters, count the check, and tell which filled cells are wrong."""

    def change(grid: Grid, letters: dict[Cell, str], row: CrosswordProgress):
        entry: Entry | None = None
        if entry_label is not None:
            entry = next((e for e in grid.entries if e.label == entry_label), None)
            if entry is None:
                return "unknown_entry"
            row.word_checks += 1
        else:
            row.grid_checks += 1
        return check(grid, letters, entry).wrong

    return _act(crossword, player, typed, now, create_player, change)


def reveal_letter(
    crossword: Crossword,
    player: Player | None,
    typed: Mapping[Cell, str],
    cell: Cell,
    now: datetime,
    create_player: CreatePlayer,
) -> CrosswordOutcome:
    """ "Buchstaben aufdecken": store the letters with `cell` right, and count the reveal."""

    def change(grid: Grid, letters: dict[Cell, str], row: CrosswordProgress):
        revealed = reveal(grid, letters, cell)
        if revealed is None:
            return "no_reveal"
        letters.update(revealed)
        row.reveals += 1
        return frozenset()

    return _act(crossword, player, typed, now, create_player, change)


def reveal_in_entry(
    crossword: Crossword,
    player: Player | None,
    typed: Mapping[Cell, str],
    entry_label: str,
    now: datetime,
    create_player: CreatePlayer,
) -> CrosswordOutcome:
    """ "Buchstaben aufdecken" for an entry (without JavaScript, or from its clue): its
    first cell that is not right yet."""

    def change(grid: Grid, letters: dict[Cell, str], row: CrosswordProgress):
        entry = next((e for e in grid.entries if e.label == entry_label), None)
        if entry is None:
            return "unknown_entry"
        cell = reveal_target(grid, letters, entry)
        revealed = reveal(grid, letters, cell) if cell is not None else None
        if revealed is None:
            return "no_reveal"
        letters.update(revealed)
        row.reveals += 1
        return frozenset()

    return _act(crossword, player, typed, now, create_player, change)


def enter_solution_word(
    crossword: Crossword,
    player: Player | None,
    typed: Mapping[Cell, str],
    word: str,
    now: datetime,
    create_player: CreatePlayer,
) -> CrosswordOutcome:
    """The Lösungswort typed on its own line: its letters go into the marked cells (and
    are stored like any letters; nothing says whether it is right)."""

    def change(grid: Grid, letters: dict[Cell, str], row: CrosswordProgress):
        letters.update(fill_marked(grid, letters, word))
        return frozenset()

    return _act(crossword, player, typed, now, create_player, change)


def stored_letters(crossword: Crossword, progress: CrosswordProgress | None) -> dict[Cell, str]:
    """The letters a player has stored (to resume on another device)."""
    return letters_from_string(crossword.grid, progress.letters) if progress else {}
