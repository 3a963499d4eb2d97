"""Readers report a name on a board ("Melden"): a small form, rate limited per address."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from harzquiz import clock
from harzquiz.auth.limits import posts_limited
from harzquiz.desk.moderation_forms import ReportForm
from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.players.current import current_player
from harzquiz.services import moderation

bp = Blueprint("reports", __name__)

reports_per_address = posts_limited("REPORT_LIMIT_PER_IP", "report-ip")


@bp.route("/melden/<int:player_id>", methods=["GET", "POST"])
@reports_per_address
def report(player_id: int):
    """The report form for one player's name; a sent report goes to the moderation desk."""
    player = db.get_or_404(Player, player_id)
    form = ReportForm()
    if form.validate_on_submit():
        moderation.report(player, current_player(), form.reason.data, clock.now())
        flash(_("Danke! Die Redaktion sieht sich deine Meldung an."), "success")
        return redirect(url_for("leaderboards.leaderboard"), 303)
    status = 422 if form.errors else 200
    return render_template("leaderboards/report.html", form=form, player=player), status
