"""Desk routes for insights: how a riddle, a quiz or a partner's embeds are doing.

A riddle's page lists its most frequent wrong guesses; each can be taken over as an
accepted spelling (one click) or as a near miss with a nudge, audited, and judged so from
the very next guess (services.insights.take_over).
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import InputRequired, Length

from harzquiz import clock
from harzquiz.extensions import db
from harzquiz.models import Partner, Quiz, Riddle, Role
from harzquiz.services import embed_stats, insights
from harzquiz.web.charts import line_chart
from harzquiz.web.roles import requires

bp = Blueprint("insights", __name__)

TAKE_OVER_PROBLEMS = {
    "known": _l("Diese Eingabe gilt schon nicht mehr als falsch."),
    "full": _l("Das Rätsel hat schon die größte Zahl solcher Einträge."),
    "stale": _l("Das Rätsel wurde gerade geändert. Bitte versuche es noch einmal."),
}


class TakeOverForm(FlaskForm):
    """A wrong guess to take over; a nudge makes it a near miss."""

    text = HiddenField(validators=[InputRequired(), Length(max=200)])
    nudge = StringField(_l("Schubs für diesen Beinahe-Treffer"), validators=[Length(max=200)])


def _riddle_page(riddle: Riddle, status: int = 200, form: TakeOverForm | None = None):
    found = insights.riddle_insight(riddle, clock.now())
    chart = line_chart(
        [format_date(d.day, "dd.MM.") for d in found.days],
        [(_("Lösungsquote (Prozent)"), "rate", [d.rate for d in found.days])],
        top=100,
    )
    return render_template(
        "desk/insights_riddle.html",
        riddle=riddle,
        insight=found,
        chart=chart,
        failed=form,
        form=TakeOverForm(formdata=None),
    ), status


@bp.get("/raetsel/<int:riddle_id>/einblicke")
@requires(Role.EDITOR)
def riddle(riddle_id: int):
    """Players, solves, reveals, hint unlocks, the solve rate by day, frequent wrong guesses."""
    return _riddle_page(db.get_or_404(Riddle, riddle_id))


@bp.post("/raetsel/<int:riddle_id>/einblicke/uebernehmen")
@requires(Role.EDITOR)
def take_over(riddle_id: int):
    """Take a wrong guess over as an accepted spelling, or (with a nudge) as a near miss."""
    riddle = db.get_or_404(Riddle, riddle_id)
    form = TakeOverForm()
    as_near_miss = request.form.get("als") == "beinahe"
    if as_near_miss and not (form.nudge.data or "").strip():
        form.nudge.errors = [_("Ein Beinahe-Treffer braucht einen Schubs.")]
        return _riddle_page(riddle, 422, form)
    if not form.validate():
        return _riddle_page(riddle, 422, form)
    nudge = form.nudge.data.strip() if as_near_miss else None
    problem = insights.take_over(riddle, form.text.data, nudge, current_user)
    if problem:
        flash(str(TAKE_OVER_PROBLEMS[problem]), "error")
        return redirect(url_for(".riddle", riddle_id=riddle.id, _anchor="falsch"), 303)
    if nudge is None:
        flash(_("„%(text)s“ gilt ab jetzt als richtig.", text=form.text.data.strip()), "success")
    else:
        flash(
            _("„%(text)s“ ist ab jetzt ein Beinahe-Treffer.", text=form.text.data.strip()),
            "success",
        )
    return redirect(url_for(".riddle", riddle_id=riddle.id, _anchor="falsch"), 303)


@bp.get("/quizze/<int:quiz_id>/einblicke")
@requires(Role.EDITOR)
def quiz(quiz_id: int):
    """The share of right answers per question, and per choice how often it was picked."""
    found = db.get_or_404(Quiz, quiz_id)
    return render_template(
        "desk/insights_quiz.html", quiz=found, shares=insights.quiz_shares(found)
    )


def _partner_rows(partner: Partner):
    """The partner's last 30 days, oldest first, every day (days without counts as 0)."""
    return embed_stats.daily(clock.now(), partner.id)


@bp.get("/partner/<int:partner_id>/einblicke")
@requires(Role.EDITOR)
def partner(partner_id: int):
    """Views, guesses and solves in the partner's embeds over 30 days: chart and table."""
    found = db.get_or_404(Partner, partner_id)
    rows = _partner_rows(found)
    chart = line_chart(
        [format_date(row.day, "dd.MM.") for row in rows],
        [
            (_("Aufrufe"), "views", [row.views for row in rows]),
            (_("Rateversuche"), "guesses", [row.guesses for row in rows]),
            (_("Gelöst"), "solves", [row.solves for row in rows]),
        ],
    )
    return render_template("desk/insights_partner.html", partner=found, rows=rows, chart=chart)


@bp.get("/partner/<int:partner_id>/einblicke.csv")
@requires(Role.EDITOR)
def partner_csv(partner_id: int):
    """The same 30 days as CSV (day, views, guesses, solves, reveals)."""
    found = db.get_or_404(Partner, partner_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", *embed_stats.COUNTERS])
    for row in _partner_rows(found):
        writer.writerow([row.day.isoformat(), row.views, row.guesses, row.solves, row.reveals])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="partner-{found.id}-30-tage.csv"'},
    )
