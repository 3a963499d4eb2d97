"""The desk's riddle flow: plan the next riddle, publish one now (after a confirmation).

Every public or destructive step asks first: a GET shows a confirmation page with one
POST button (works without JavaScript), and only that POST changes anything.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from harzquiz import clock
from harzquiz.desk.confirm import confirm_page
from harzquiz.desk.forms import BerlinTimeField, ChoiceField
from harzquiz.extensions import db
from harzquiz.models import Riddle, Role
from harzquiz.rules.berlin import berlin_to_utc, utc_to_berlin
from harzquiz.services import catalog, scheduling
from harzquiz.web.roles import requires

bp = Blueprint("flow", __name__, url_prefix="/raetsel")

PROBLEMS = {
    "not_plannable": _l(
        "Nur ein Entwurf oder ein geplantes Rätsel lässt sich als nächstes planen."
    ),
    "in_the_past": _l("Dieser Zeitpunkt liegt in der Vergangenheit."),
    "overlap": _l("Zu dieser Zeit läuft schon ein anderes geplantes Rätsel."),
    "conflict": _l("Jemand hat die Rätsel gerade geändert. Bitte noch einmal versuchen."),
}


class PlanForm(FlaskForm):
    """Which riddle comes next, and when (Berlin time)."""

    riddle_id = ChoiceField(_l("Nächstes Rätsel"))
    publish_at = BerlinTimeField(_l("Erscheint am (Berliner Zeit)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.publish_at.validators = [
            InputRequired(_l("Bitte gib an, wann das Rätsel erscheint.")),
            *self.publish_at.validators[1:],
        ]


@bp.route("/planen", methods=["GET", "POST"])
@requires(Role.EDITOR)
def plan():
    """Schedule the next riddle and end the current one at that moment, in one step."""
    now = clock.now()
    form = PlanForm()
    form.riddle_id.choices = [(r.id, r.title) for r in scheduling.plannable_riddles(now)]
    current = catalog.current_riddle(now)
    if not form.is_submitted():
        form.riddle_id.data = request.args.get("raetsel", 0, type=int)
        if current is not None and current.closes_at is not None:
            form.publish_at.data = utc_to_berlin(current.closes_at)
    elif form.validate():
        riddle = db.get_or_404(Riddle, form.riddle_id.data)
        publish_at = berlin_to_utc(form.publish_at.data)
        assert publish_at is not None  # required above
        planned = scheduling.plan_next(riddle, publish_at, current_user, now)
        if planned.problem is None:
            flash(_("„%(title)s“ ist geplant.", title=riddle.title), "success")
            return redirect(url_for("desk.riddles.riddles"), 303)
        form.publish_at.errors.append(PROBLEMS[planned.problem])
    status = 422 if form.errors else 200
    return render_template("desk/plan.html", form=form, current=current), status


@bp.route("/<int:riddle_id>/veroeffentlichen", methods=["GET", "POST"])
@requires(Role.EDITOR)
def publish_now(riddle_id: int):
    """Publish a draft or scheduled riddle now (after a confirmation); the live one ends."""
    riddle = db.get_or_404(Riddle, riddle_id)
    back = url_for("desk.riddles.riddles")
    if request.method == "POST":
        planned = scheduling.plan_next(riddle, clock.now(), current_user, clock.now())
        if planned.problem is None:
            flash(_("„%(title)s“ ist jetzt veröffentlicht.", title=riddle.title), "success")
        else:
            flash(PROBLEMS[planned.problem], "error")
        return redirect(back, 303)
    current = catalog.current_riddle(clock.now())
    message = _("„%(title)s“ erscheint sofort für alle Lesenden.", title=riddle.title)
    if current is not None and current.id != riddle.id:
        message += " " + _(
            "„%(title)s“ endet dann, seine Lösung wird öffentlich.", title=current.title
        )
    return confirm_page(_("Jetzt veröffentlichen?"), message, _("Jetzt veröffentlichen"), back)
