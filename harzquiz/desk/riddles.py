"""Desk routes for riddles: list, create/edit (with rows and the answer test), preview, close."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from harzquiz import clock
from harzquiz.desk.confirm import confirm_page
from harzquiz.desk.forms import RiddleForm
from harzquiz.desk.riddle_form import (
    answer_key_of,
    article_choices,
    change_rows,
    check_with_database,
    form_for,
    number_rows,
    values_of,
)
from harzquiz.extensions import db
from harzquiz.models import Article, Riddle, Role
from harzquiz.riddles.widget import build_widget
from harzquiz.rules.answers import check_guess
from harzquiz.rules.lifecycle import Status
from harzquiz.services import editing
from harzquiz.services.riddle_stats import riddle_list, riddle_rows
from harzquiz.services.state import PlayerState
from harzquiz.web.htmx import render, wants_partial
from harzquiz.web.pagination import DESK_PAGE_SIZE, paginate_rows
from harzquiz.web.roles import requires

bp = Blueprint("riddles", __name__)

PAGE = "desk/riddle_form.html"


def _all_articles() -> Sequence[Article]:
    return db.session.scalars(sa.select(Article).order_by(Article.title)).all()


def _form_response(form, riddle, status=200, focus=None, answer_test=None, conflict=False):
    """The form page, or (htmx) the form partial that page includes."""
    number_rows(form)
    return render(
        PAGE, "desk/_riddle_form.html", status,
        form=form, riddle=riddle, focus=focus, answer_test=answer_test, conflict=conflict,
    )  # fmt: skip


def _saved(riddle: Riddle):
    """After saving: back to the form (post/redirect/get; htmx follows HX-Redirect)."""
    target = url_for(".edit_riddle", riddle_id=riddle.id)
    if wants_partial():
        return "", 200, {"HX-Redirect": target}
    return redirect(target, 303)


def _answer_test(form):
    """Judge the typed test answer against the form's unsaved values."""
    text = (form.test_answer.data or "").strip()
    if not text:
        return {"verdict": "empty"}
    if len(text) > 200:
        return {"verdict": "too_long"}
    match = check_guess(text, answer_key_of(form))
    return {"verdict": match.verdict, "matched": match.matched, "nudge": match.nudge, "text": text}


def _handle_form(riddle: Riddle | None):
    """GET shows the form; POST changes rows, tests an answer, or validates and saves."""
    if request.method == "GET":
        form = form_for(riddle) if riddle else RiddleForm(formdata=None)
    else:
        form = RiddleForm()
    form.article_id.choices = article_choices(_all_articles())
    if request.method == "GET":
        return _form_response(form, riddle)
    action = request.form.get("row_action", "")
    if action == "test-answer":
        result = _answer_test(form)
        if wants_partial():  # only the verdict, into the live region
            return render(PAGE, "desk/_answer_test.html", answer_test=result)
        return _form_response(form, riddle, answer_test=result, focus="test_answer")
    if action:
        changed = change_rows(form, action)
        if changed is None:
            abort(400)
        return _form_response(changed[0], riddle, focus=changed[1])
    return _save(form, riddle)


def _save(form: RiddleForm, riddle: Riddle | None):
    """Version check, validation (form and database), then one save with its audit entries."""
    if riddle is not None and form.version.data != str(riddle.version):
        return _form_response(form, riddle, 409, conflict=True)
    valid = form.validate()
    valid = check_with_database(form, riddle.id if riddle else None) and valid  # all errors
    if not valid:
        return _form_response(form, riddle, 422)
    saved = editing.save_riddle(riddle, values_of(form), current_user)
    if saved is None:  # another save won the race between our check and our UPDATE
        return _form_response(form, riddle, 409, conflict=True)
    flash(_("Rätsel gespeichert."), "success")
    return _saved(saved)


@bp.get("/")
@requires(Role.EDITOR)
def riddles():
    """Every riddle with its status and how it performs."""
    page = paginate_rows(riddle_list(), DESK_PAGE_SIZE)  # counts and total: one query
    rows = riddle_rows(clock.now(), page.items)
    return render_template("desk/riddles.html", rows=rows, pagination=page)


@bp.route("/raetsel/neu", methods=["GET", "POST"])
@requires(Role.EDITOR)
def new_riddle():
    """Write a new riddle (a draft until it gets a publish time)."""
    return _handle_form(None)


@bp.route("/raetsel/<int:riddle_id>", methods=["GET", "POST"])
@requires(Role.EDITOR)
def edit_riddle(riddle_id: int):
    """Change a riddle; a version check refuses to overwrite someone else's save."""
    return _handle_form(db.get_or_404(Riddle, riddle_id))


@bp.get("/raetsel/<int:riddle_id>/vorschau")
@requires(Role.EDITOR)
def preview_riddle(riddle_id: int):
    """The riddle as a new reader will see it once live, with the solution apart."""
    riddle = db.get_or_404(Riddle, riddle_id)
    widget = build_widget(riddle, None, clock.now())
    if widget.state.status in (Status.DRAFT, Status.SCHEDULED):
        widget = replace(widget, state=PlayerState(status=Status.LIVE, value=widget.state.value))
    return render_template("desk/preview.html", riddle=riddle, widget=widget)


@bp.route("/raetsel/<int:riddle_id>/beenden", methods=["GET", "POST"])
@requires(Role.EDITOR)
def close_riddle(riddle_id: int):
    """Close a live riddle now, after a confirmation step; its solution becomes public."""
    riddle = db.get_or_404(Riddle, riddle_id)
    back = url_for(".riddles")
    if request.method == "GET":
        message = _(
            "„%(title)s“ endet sofort: Niemand kann mehr Punkte holen, die Lösung wird öffentlich.",
            title=riddle.title,
        )
        return confirm_page(_("Rätsel jetzt beenden?"), message, _("Jetzt beenden"), back)
    if editing.close_early(riddle, current_user, clock.now()):
        flash(_("„%(title)s“ ist beendet.", title=riddle.title), "success")
    else:
        flash(_("Nur ein laufendes Rätsel kann vorzeitig beendet werden."), "error")
    return redirect(back, 303)
