"""Desk routes for crosswords (/redaktion/kreuzwortraetsel): list, build, preview, close.

The form works without JavaScript: every step ("Anordnen", "Felder markieren", rows added
or removed, "Antwort testen") is a submit button named `row_action`; htmx swaps the form
whole. Saving checks the version first (two editors cannot overwrite each other), then the
form and the grid (`builder.check`), then the database (slug, schedule), then saves once.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from harzquiz import clock
from harzquiz.desk.crosswords import builder
from harzquiz.desk.crosswords.forms import BLANK_ENTRY, CrosswordForm
from harzquiz.extensions import db
from harzquiz.models import Crossword, Role
from harzquiz.rules.berlin import berlin_to_utc, utc_to_berlin
from harzquiz.rules.lifecycle import riddle_status
from harzquiz.services import crossword_editing
from harzquiz.web.htmx import render, wants_partial
from harzquiz.web.pagination import DESK_PAGE_SIZE, paginate_rows
from harzquiz.web.roles import requires

bp = Blueprint("crosswords", __name__, url_prefix="/kreuzwortraetsel")

PAGE = "desk/crosswords/form.html"
NEW_ROWS = 6  # empty answer rows a new crossword starts with (more: "Antwort hinzufügen")


def form_for(crossword: Crossword) -> CrosswordForm:
    """The form filled with a stored crossword (positions 1-based, times in Berlin)."""
    grid = crossword.grid
    return CrosswordForm(
        formdata=None,
        data={
            "version": str(crossword.version),
            "title": crossword.title,
            "slug": crossword.slug,
            "intro": crossword.intro,
            "points": crossword.points,
            "is_prize": crossword.is_prize,
            "publish_at": utc_to_berlin(crossword.publish_at),
            "closes_at": utc_to_berlin(crossword.closes_at),
            "marked": builder.format_marked(grid.marked),
            "solution_word": grid.solution_word(),
            "entries": [
                {
                    "answer": e.answer,
                    "clue": e.clue,
                    "row": e.row + 1,
                    "col": e.col + 1,
                    "direction": e.direction.value,
                    "locked": False,
                }
                for e in grid.entries
            ],
        },
    )


def _response(form, crossword, status=200, focus=None, solution_test=None, conflict=False):
    """The form page, or (htmx) the form partial that page includes, with the grid preview."""
    builder.number_rows(form)
    return render(
        PAGE, "desk/crosswords/_form.html", status,
        form=form, crossword=crossword, focus=focus, solution_test=solution_test,
        conflict=conflict, draft=builder.read(form, report=False),
        grid_problems=builder.grid_notes(form), entry_label=builder.entry_label,
    )  # fmt: skip


def _handle(crossword: Crossword | None):
    """GET shows the form; POST runs one step (layout, marks, rows, test) or saves."""
    if request.method == "GET":
        blank = {"entries": [dict(BLANK_ENTRY) for _ in range(NEW_ROWS)]}
        form = form_for(crossword) if crossword else CrosswordForm(formdata=None, data=blank)
        return _response(form, crossword)
    form = CrosswordForm()
    action = request.form.get("row_action", "")
    if action == "layout":
        return _response(builder.layout(form), crossword, focus="grid-preview")
    if action == "mark":
        return _response(builder.mark(form), crossword, focus="marked")
    if action == "test-answer":
        result = builder.solution_test(form, builder.read(form, report=False).grid)
        if wants_partial():  # only the verdict, into the live region
            return render(PAGE, "desk/crosswords/_solution_test.html", solution_test=result)
        return _response(form, crossword, solution_test=result, focus="test_answer")
    if action:
        changed = builder.change_rows(form, action)
        if changed is None:
            abort(400)
        return _response(changed[0], crossword, focus=changed[1])
    return _save(form, crossword)


def _check_database(form: CrosswordForm, own_id: int | None) -> bool:
    """Slug uniqueness and the schedule rule; errors go onto the fields. True if fine."""
    ok = True
    if crossword_editing.slug_taken((form.slug.data or "").strip(), own_id):
        form.slug.errors.append(_("Diesen Kurznamen hat schon ein anderes Kreuzworträtsel."))
        ok = False
    if form.publish_at.errors or form.closes_at.errors:
        return ok
    publish_at, closes_at = berlin_to_utc(form.publish_at.data), berlin_to_utc(form.closes_at.data)
    other = crossword_editing.overlapping_crossword(publish_at, closes_at, own_id)
    if other is not None:
        form.publish_at.errors.append(
            _(
                "Überschneidet sich mit „%(title)s“ (live ab %(start)s). "
                "Es darf immer nur ein Kreuzworträtsel live sein.",
                title=other.title,
                start=format_datetime(other.publish_at),
            )
        )
        ok = False
    return ok


def _save(form: CrosswordForm, crossword: Crossword | None):
    """Version check, validation (form, grid, database), then one save with its audit."""
    if crossword is not None and form.version.data != str(crossword.version):
        return _response(form, crossword, 409, conflict=True)
    valid = form.validate()
    draft = builder.read(form)
    valid = builder.check(form, draft) and valid
    valid = _check_database(form, crossword.id if crossword else None) and valid
    if not valid:
        return _response(form, crossword, 422)
    values = crossword_editing.CrosswordValues(
        title=form.title.data.strip(),
        slug=form.slug.data.strip(),
        grid=draft.grid,
        intro=(form.intro.data or "").strip(),
        points=form.points.data,
        is_prize=bool(form.is_prize.data),
        publish_at=berlin_to_utc(form.publish_at.data),
        closes_at=berlin_to_utc(form.closes_at.data),
    )
    saved = crossword_editing.save_crossword(crossword, values, current_user)
    if saved is None:  # another save won the race between our check and our UPDATE
        return _response(form, crossword, 409, conflict=True)
    flash(_("Kreuzworträtsel gespeichert."), "success")
    target = url_for(".edit", crossword_id=saved.id)
    if wants_partial():
        return "", 200, {"HX-Redirect": target}
    return redirect(target, 303)


@bp.get("/")
@requires(Role.EDITOR)
def index():
    """Every crossword with its status, players and solves."""
    page = paginate_rows(crossword_editing.crossword_list(), DESK_PAGE_SIZE)
    rows = crossword_editing.crossword_rows(clock.now(), page.items)
    return render_template("desk/crosswords/index.html", rows=rows, pagination=page)


@bp.route("/neu", methods=["GET", "POST"])
@requires(Role.EDITOR)
def new():
    """Build a new crossword (a draft until it gets a publish time)."""
    return _handle(None)


@bp.route("/<int:crossword_id>", methods=["GET", "POST"])
@requires(Role.EDITOR)
def edit(crossword_id: int):
    """Change a crossword; a version check refuses to overwrite someone else's save."""
    return _handle(db.get_or_404(Crossword, crossword_id))


@bp.get("/<int:crossword_id>/vorschau")
@requires(Role.EDITOR)
def preview(crossword_id: int):
    """The grid with its clues, and (for the editor only) the answers and the Lösungswort."""
    crossword = db.get_or_404(Crossword, crossword_id)
    status = riddle_status(crossword.publish_at, crossword.closes_at, clock.now())
    return render_template(
        "desk/crosswords/preview.html",
        crossword=crossword,
        grid=crossword.grid,
        status=status.value,
        entry_label=builder.entry_label,
    )


@bp.post("/<int:crossword_id>/beenden")
@requires(Role.EDITOR)
def close(crossword_id: int):
    """Close a live crossword now; its solution becomes public."""
    crossword = db.get_or_404(Crossword, crossword_id)
    if crossword_editing.close_early(crossword, current_user, clock.now()):
        flash(_("„%(title)s“ ist beendet.", title=crossword.title), "success")
    else:
        flash(_("Nur ein laufendes Kreuzworträtsel kann vorzeitig beendet werden."), "error")
    return redirect(url_for(".index"), 303)
