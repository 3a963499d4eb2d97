"""What the crossword page shows: a view model that carries no answer the reader may not see.

The grid's right letters reach the view model only for a closed crossword (the solution is
public then) or a solved one (the reader typed every letter). Everything else is the
reader's own letters, the wrong marks of their latest check, and the clues.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from harzquiz.models import Crossword, CrosswordProgress
from harzquiz.rules import scoring
from harzquiz.rules.crossword import player_solution_word
from harzquiz.rules.crossword_grid import Cell, Direction, Entry, numbering
from harzquiz.rules.lifecycle import Status, riddle_status


def cell_id(slug: str, cell: Cell) -> str:
    """The id of a cell's input (clue links jump to it)."""
    return f"xw-{slug}-{cell[0]}-{cell[1]}"


def field_name(cell: Cell) -> str:
    """The form field of a cell: z-<row>-<col>."""
    return f"z-{cell[0]}-{cell[1]}"


def direction_name(direction: Direction) -> str:
    return _("waagerecht") if direction is Direction.ACROSS else _("senkrecht")


@dataclass(frozen=True)
class ClueView:
    """One clue in its list, with the id the grid's cells point to."""

    id: str
    label: str  # "3 across": what the form sends back
    number: int
    direction: Direction
    clue: str
    length: int
    first_cell: str  # the id of its first cell's input
    wrong: int = 0  # cells of this entry marked wrong by the latest check


@dataclass(frozen=True)
class CellView:
    """One square: a block (entry None) or an input with its accessible name."""

    row: int
    col: int
    block: bool
    id: str = ""
    name: str = ""
    value: str = ""
    number: int | None = None
    mark: int | None = None  # its place in the Lösungswort (1-based), if marked
    wrong: bool = False
    label: str = ""  # the accessible name: every entry through it, clue and position
    entries: str = ""  # the labels of its entries ("3 across|5 down"), for the script
    solution: str = ""  # the right letter, only when the view may show it


@dataclass
class CrosswordView:
    """The whole page's state for one reader."""

    slug: str
    title: str
    intro: str
    status: Status
    points: int
    width: int
    height: int
    rows: list[list[CellView]]
    across: list[ClueView]
    down: list[ClueView]
    marked_count: int
    player_word: str  # the Lösungswort as the reader's letters spell it ("?" for empty)
    solution_word: str = ""  # only once it may be shown
    solved: bool = False
    earned: int = 0
    word_checks: int = 0
    grid_checks: int = 0
    reveals: int = 0
    seconds: int | None = None  # from the first letter stored to the solve
    checked: bool = False  # the latest action was a check: show its result
    wrong_count: int = 0
    labels: dict[str, str] = field(default_factory=dict)  # "3 across" -> "3 waagerecht"

    points_now: int = 0  # what a full solve would earn now, with the help used so far

    @property
    def closed(self) -> bool:
        return self.status is Status.CLOSED


def entry_name(entry: Entry) -> str:
    """ "3 waagerecht" """
    return f"{entry.number} {direction_name(entry.direction)}"


def _cell_label(entries: list[Entry], cell: Cell, mark: int | None) -> str:
    """The accessible name: for each entry, number, direction, clue, length, position."""
    parts = []
    for entry in entries:
        position = entry.cells.index(cell) + 1
        parts.append(
            _(
                "%(entry)s: %(clue)s, %(length)s Buchstaben, Buchstabe %(position)s",
                entry=entry_name(entry),
                clue=entry.clue,
                length=len(entry.answer),
                position=position,
            )
        )
    if mark is not None:
        parts.append(_("Lösungswort, Buchstabe %(position)s", position=mark))
    return "; ".join(parts)


def build_view(
    crossword: Crossword,
    progress: CrosswordProgress | None,
    letters: Mapping[Cell, str],
    now: datetime,
    wrong: frozenset[Cell] | None = None,
) -> CrosswordView:
    """The page for one reader: `letters` are theirs (stored or just sent), `wrong` the
    cells their latest check marked (None: no check in this response)."""
    grid = crossword.grid
    status = riddle_status(crossword.publish_at, crossword.closes_at, now)
    solved = progress is not None and progress.solved_at is not None
    show_solution = status is Status.CLOSED or solved
    right = grid.letters() if show_solution else {}
    numbers = numbering((e.row, e.col) for e in grid.entries)
    marks = {cell: index for index, cell in enumerate(grid.marked, start=1)}
    marked_wrong = wrong or frozenset()
    through: dict[Cell, list[Entry]] = {}
    for entry in grid.entries:
        for cell in entry.cells:
            through.setdefault(cell, []).append(entry)
    rows = []
    for r in range(grid.height):
        row = []
        for c in range(grid.width):
            cell = (r, c)
            entries = sorted(through.get(cell, []), key=lambda e: e.direction is Direction.DOWN)
            if not entries:
                row.append(CellView(r, c, block=True))
                continue
            row.append(
                CellView(
                    r,
                    c,
                    block=False,
                    id=cell_id(crossword.slug, cell),
                    name=field_name(cell),
                    value=letters.get(cell, ""),
                    number=numbers.get(cell),
                    mark=marks.get(cell),
                    wrong=cell in marked_wrong,
                    label=_cell_label(entries, cell, marks.get(cell)),
                    entries="|".join(e.label for e in entries),
                    solution=right.get(cell, ""),
                )
            )
        rows.append(row)
    clues = {
        direction: [
            ClueView(
                id=f"xw-{crossword.slug}-clue-{e.number}-{e.direction.value}",
                label=e.label,
                number=e.number,
                direction=e.direction,
                clue=e.clue,
                length=len(e.answer),
                first_cell=cell_id(crossword.slug, e.cells[0]),
                wrong=sum(1 for cell in e.cells if cell in marked_wrong),
            )
            for e in grid.entries
            if e.direction is direction
        ]
        for direction in Direction
    }
    view = CrosswordView(
        slug=crossword.slug,
        title=crossword.title,
        intro=crossword.intro,
        status=status,
        points=crossword.points,
        width=grid.width,
        height=grid.height,
        rows=rows,
        across=clues[Direction.ACROSS],
        down=clues[Direction.DOWN],
        marked_count=len(grid.marked),
        player_word=player_solution_word(grid, letters),
        solution_word=grid.solution_word() if show_solution else "",
        solved=solved,
        checked=wrong is not None,
        wrong_count=len(marked_wrong),
        labels={e.label: entry_name(e) for e in grid.entries},
    )
    if progress is not None:
        view.earned = progress.points
        view.word_checks, view.grid_checks = progress.word_checks, progress.grid_checks
        view.reveals = progress.reveals
        if progress.solved_at is not None and progress.started_at is not None:
            view.seconds = max(0, int((progress.solved_at - progress.started_at).total_seconds()))
    view.points_now = scoring.crossword_value(
        crossword.points,
        view.word_checks,
        view.grid_checks,
        view.reveals,
        cells=len(grid.letters()),
    )
    return view


def duration(seconds: int) -> str:
    """ "12:05" or "1:02:05" """
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def share_text(view: CrosswordView, site: str, url: str) -> str:
    """Spoiler-free: the title, time, checks and reveals; no letter of the grid."""
    lines = [f"{site} – {view.title}"]
    if view.seconds is not None:
        lines.append(_("Gelöst in %(time)s", time=duration(view.seconds)))
    else:
        lines.append(_("Gelöst"))
    checks = view.word_checks + view.grid_checks
    lines.append(
        ngettext("%(num)s Prüfung", "%(num)s Prüfungen", checks)
        + " · "
        + ngettext("%(num)s Buchstabe aufgedeckt", "%(num)s Buchstaben aufgedeckt", view.reveals)
    )
    if view.earned:
        lines.append(_("%(points)s Punkte", points=view.earned))
    lines.append(url)
    return "\n".join(lines)
