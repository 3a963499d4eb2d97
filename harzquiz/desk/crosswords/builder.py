"""Between the crossword form and the rules: read the rows into a grid, lay it out, mark the
Lösungswort, and put the grid's problems beside the fields they concern.

The form's rows keep the editor's order; the grid is numbered by the rules
(`renumbered`), so every entry is numbered by construction, and each grid entry is traced
back to its row by its position and direction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

from harzquiz.desk.crosswords.forms import BLANK_ENTRY, MAX_ENTRIES, CrosswordForm
from harzquiz.rules.crossword import solution_matches
from harzquiz.rules.crossword_grid import (
    AnswerError,
    Cell,
    Direction,
    Entry,
    Grid,
    Problem,
    cell_letter,
    crossword_letters,
    renumbered,
    validate,
)
from harzquiz.rules.crossword_layout import lay_out, mark_word

Key = tuple[int, int, Direction]  # an entry's first cell and direction


@dataclass
class Draft:
    """The form read as a grid: the placed entries, their rows, and what is still missing."""

    grid: Grid
    rows: dict[Key, int] = field(default_factory=dict)  # entry -> form row index
    unplaced: list[int] = field(default_factory=list)  # filled rows without a position
    errors: bool = False  # a row or the marked cells could not be read


def _letters(row_form, report: bool) -> str | None:
    """The row's answer in cell letters, or None (with an error on the answer field)."""
    answer = (row_form.answer.data or "").strip()
    try:
        return crossword_letters(answer)
    except AnswerError:
        if not report:
            return None
        bad = next((c for c in answer if not _writable(c)), None)
        if bad is not None:
            add_error(
                row_form.answer,
                _("„%(char)s“ hat kein Kästchen (nur Buchstaben, Ä, Ö, Ü; ß wird SS).", char=bad),
            )
        else:
            add_error(row_form.answer, _("Eine Antwort braucht mindestens zwei Buchstaben."))
        return None


def add_error(field, message: str) -> None:
    """Add an error to a field, validated or not (an unvalidated field's errors are a tuple)."""
    field.errors = [*field.errors, message]


def _writable(char: str) -> bool:
    """Whether one character of an answer takes a cell or is dropped by the convention."""
    if cell_letter(char):
        return True
    try:
        crossword_letters("AA" + char)
    except AnswerError:
        return False
    return True


def parse_marked(text: str) -> list[Cell] | None:
    """ "3,5 4,7" (1-based row,column pairs, in order) as 0-based cells; None if unreadable."""
    cells = []
    for part in re.split(r"[\s;]+", text.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,2}),(\d{1,2})", part)
        if match is None or int(match[1]) < 1 or int(match[2]) < 1:
            return None
        cells.append((int(match[1]) - 1, int(match[2]) - 1))
    return cells


def format_marked(cells) -> str:
    """The marked cells as the form writes them."""
    return " ".join(f"{row + 1},{col + 1}" for row, col in cells)


def read(form: CrosswordForm, report: bool = True) -> Draft:
    """The form's rows and marks as a grid (not validated: see `check`); with `report`,
    rows and marks that cannot be read get their error beside the field."""
    entries: list[Entry] = []
    draft = Draft(grid=Grid(1, 1, ()))
    for index, row in enumerate(form.entries):
        sub = row.form
        if sub.is_blank():
            continue
        if not (sub.clue.data or "").strip() and report:
            add_error(sub.clue, _("Bitte gib eine Frage zu dieser Antwort an."))
            draft.errors = True
        letters = _letters(sub, report)
        if letters is None:
            draft.errors = True
            continue
        if not sub.has_position():
            draft.unplaced.append(index)
            continue
        direction = Direction(sub.direction.data)
        entry = Entry(0, direction, sub.row.data - 1, sub.col.data - 1, letters, sub.clue.data)
        draft.rows[(entry.row, entry.col, direction)] = index
        entries.append(entry)
    marked = parse_marked(form.marked.data or "")
    if marked is None:
        if report:
            add_error(form.marked, _("Bitte schreibe die Felder als Zeile,Spalte, z. B. 3,5 4,7."))
        draft.errors, marked = True, []
    height = max((e.cells[-1][0] + 1 for e in entries), default=1)
    width = max((e.cells[-1][1] + 1 for e in entries), default=1)
    draft.grid = Grid(width, height, renumbered(entries), tuple(marked))
    return draft


def check(form: CrosswordForm, draft: Draft) -> bool:
    """Put every problem of the draft beside its field; True if the grid can be saved."""
    ok = not draft.errors
    for index in draft.unplaced:
        add_error(
            form.entries[index].form.answer,
            _(
                "Noch ohne Platz im Gitter: „Anordnen“ drücken oder Zeile, Spalte und "
                "Richtung angeben."
            ),
        )
        ok = False
    if not draft.grid.entries and not draft.unplaced and not draft.errors:
        grid_notes(form).append(_("Bitte gib mindestens eine Antwort mit Frage an."))
        return False
    if draft.grid.entries:
        for problem in validate(draft.grid):
            _place(form, draft, problem)
            ok = False
    return ok


def _place(form: CrosswordForm, draft: Draft, problem: Problem) -> None:
    """One problem: onto the answer fields of the entries it names, else onto the grid."""
    entries = {e.label: e for e in draft.grid.entries}
    named = [entries[f"{n} {d}"] for n, d in re.findall(r"(\d+) (across|down)", problem.message)]
    named = [e for e in named if (e.row, e.col, e.direction) in draft.rows]
    message = _problem_text(problem, named)
    if problem.code == "mark":
        add_error(form.marked, message)
    elif named:
        index = draft.rows[(named[-1].row, named[-1].col, named[-1].direction)]
        add_error(form.entries[index].form.answer, message)
    else:
        grid_notes(form).append(message)


def grid_notes(form: CrosswordForm) -> list[str]:
    """The grid's own problems (words without a clue, size), kept on the form."""
    notes = getattr(form, "grid_problems", None)
    if notes is None:
        notes = []
        form.grid_problems = notes
    return notes


def number_rows(form: CrosswordForm) -> None:
    """Label each row's inputs with its number ("Antwort 2"), so every label is unique."""
    for number, row in enumerate(form.entries, start=1):
        for sub in row.form:
            sub.label.text = f"{sub.label.text} {number}"


def entry_label(entry: Entry) -> str:
    """ "3 waagerecht": how the desk names an entry."""
    way = _("waagerecht") if entry.direction is Direction.ACROSS else _("senkrecht")
    return f"{entry.number} {way}"


def _problem_text(problem: Problem, named: list[Entry]) -> str:
    """The problem in the editor's language."""
    numbers = [int(n) for n in re.findall(r"\d+", problem.message)]
    labels = [entry_label(e) for e in named]
    code = problem.code
    if code == "crossing" and len(labels) == 2 and len(numbers) >= 2:
        return _(
            "Kreuzt %(other)s, aber die Buchstaben passen nicht (Zeile %(row)d, Spalte %(col)d).",
            other=labels[0],
            row=numbers[-2],
            col=numbers[-1],
        )
    if code == "overlap" and len(labels) == 2:
        return _("Überlappt %(other)s in derselben Richtung.", other=labels[0])
    if code == "orphan" and labels:
        return _("Kreuzt kein anderes Wort: nicht mit dem Rest des Gitters verbunden.")
    if code == "outside":
        return _("Ragt über das Gitter hinaus (höchstens 15 × 15 Felder).")
    if code == "run" and len(numbers) >= 3:
        return _(
            "%(length)d Buchstaben ab Zeile %(row)d, Spalte %(col)d bilden ein Wort ohne Frage "
            "(Einträge berühren sich).",
            length=numbers[0],
            row=numbers[-2],
            col=numbers[-1],
        )
    if code == "mark" and "twice" in problem.message:
        return _("Ein Feld ist doppelt markiert.")
    if code == "mark":
        return _("Das markierte Feld Zeile %(row)d, Spalte %(col)d liegt in keinem Eintrag.",
                 row=numbers[-2], col=numbers[-1])  # fmt: skip
    if code == "size":
        return _("Das Gitter ist größer als 15 × 15 Felder.")
    return _("Das Gitter ist so nicht spielbar: %(detail)s", detail=problem.message)


def _row_data(form: CrosswordForm) -> list[dict]:
    return [dict(row) for row in form.data["entries"]]


def rebuilt(form: CrosswordForm, rows: list[dict], marked: str | None = None) -> CrosswordForm:
    """A fresh, unvalidated form with the same values and these rows (and marks)."""
    data = {**form.data, "entries": rows}
    if marked is not None:
        data["marked"] = marked
    data.pop("csrf_token", None)
    return CrosswordForm(formdata=None, data=data)


def change_rows(form: CrosswordForm, action: str) -> tuple[CrosswordForm, str | None] | None:
    """ "add-entries" or "remove-entries-<n>"; the changed form and the id to focus."""
    rows = _row_data(form)
    if action == "add-entries":
        if len(rows) >= MAX_ENTRIES:
            return form, "add-entries"
        rows.append(dict(BLANK_ENTRY))
        return rebuilt(form, rows), f"entries-{len(rows) - 1}-answer"
    verb, _sep, index = action.rpartition("-")
    if verb != "remove-entries" or not index.isdigit() or int(index) >= len(rows):
        return None
    rows.pop(int(index))
    return rebuilt(form, rows), "add-entries"


def layout(form: CrosswordForm) -> CrosswordForm:
    """ "Anordnen": lay the unlocked answers out around the locked ones (the rules' algorithm).

    Rows keep their order; placed rows get their position, the others lose it and carry the
    reason. Marks are redone from the Lösungswort (or cleared: the cells moved).
    """
    rows = _row_data(form)
    words: list[tuple[str, str]] = []
    locks: list[Entry] = []
    pending: dict[tuple[str, str], list[int]] = {}
    for index, (row, sub) in enumerate(zip(rows, form.entries, strict=True)):
        if sub.form.is_blank():
            continue
        answer, clue = (row["answer"] or "").strip(), (row["clue"] or "").strip()
        if row["locked"] and sub.form.has_position():
            locks.append(
                Entry(0, Direction(row["direction"]), row["row"] - 1, row["col"] - 1, answer, clue)
            )
        else:
            words.append((answer, clue))
        try:
            pending.setdefault((crossword_letters(answer), clue), []).append(index)
        except AnswerError:
            pending.setdefault((answer, clue), []).append(index)
    result = lay_out(words, locks)
    placed: set[int] = set()
    for entry in result.grid.entries:
        queue = pending.get((entry.answer, entry.clue), [])
        if queue:
            index = queue.pop(0)
            placed.add(index)
            rows[index].update(
                row=entry.row + 1, col=entry.col + 1, direction=entry.direction.value
            )
    reasons = {}
    for index, row in enumerate(rows):
        if index not in placed and not form.entries[index].form.is_blank():
            row.update(row=None, col=None, direction="", locked=False)
            reasons[index] = True
    marks = ""
    if (form.solution_word.data or "").strip():
        cells = mark_word(result.grid, form.solution_word.data)
        marks = format_marked(cells or ())
    changed = rebuilt(form, rows, marks)
    for index in reasons:
        add_error(
            changed.entries[index].form.answer,
            _("Passt nicht ins Gitter: kreuzt hier kein anderes Wort. Anders formulieren?"),
        )
    return changed


def mark(form: CrosswordForm) -> CrosswordForm:
    """ "Felder markieren": mark cells that spell the Lösungswort, spread through the grid."""
    draft = read(form, report=False)
    cells = mark_word(draft.grid, form.solution_word.data or "") if draft.grid.entries else None
    changed = rebuilt(form, _row_data(form), format_marked(cells) if cells else None)
    if cells is None:
        add_error(
            changed.solution_word,
            _("Aus den Buchstaben des Gitters lässt sich dieses Lösungswort nicht bilden."),
        )
    return changed


def solution_test(form: CrosswordForm, grid: Grid) -> dict:
    """ "Antwort testen": the typed Lösungswort against the marked cells of the unsaved grid."""
    text = (form.test_answer.data or "").strip()
    if not text:
        return {"verdict": "empty"}
    if len(text) > 40:
        return {"verdict": "too_long"}
    if not grid.marked:
        return {"verdict": "no_marks"}
    return {"verdict": "correct" if solution_matches(grid, text) else "wrong", "text": text}
