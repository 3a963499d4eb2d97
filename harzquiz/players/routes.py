"""The nickname form and the profile page."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from harzquiz import clock
from harzquiz.players.current import current_player, ensure_player
from harzquiz.players.forms import NicknameForm
from harzquiz.riddles.limits import actions_per_address
from harzquiz.services import subscriptions
from harzquiz.services.players import rename, rename_problem
from harzquiz.services.profile import load_profile
from harzquiz.web.htmx import safe_next

bp = Blueprint("players", __name__)


@bp.route("/spitzname", methods=["GET", "POST"])
@actions_per_address
def nickname():
    """Show and change the player's nickname (validated, unique, no markup)."""
    player = current_player()
    form = NicknameForm()
    if form.validate_on_submit():
        # Check before ensure_player(): a refused name must not create a guest.
        problem = rename_problem(form.nickname.data, player.id if player else None)
        problem = problem or rename(ensure_player(), form.nickname.data)
        if problem is None:
            flash(_("Dein Spitzname ist jetzt „%(name)s“.", name=form.nickname.data), "success")
            return redirect(safe_next(url_for(".nickname")), 303)
        form.nickname.errors.append(_("Dieser Spitzname ist schon vergeben."))
    status = 422 if form.errors else 200
    return render_template("players/nickname.html", form=form, player=player), status


@bp.get("/profil")
def profile():
    """An account's solved riddles, points over time, streaks and ranks; guests are invited
    to register (their progress comes along)."""
    if not current_user.is_authenticated:
        return render_template("players/profile.html", profile=None, guest=current_player())
    account = current_user._get_current_object()
    profile = load_profile(account, clock.now())
    mail = subscriptions.subscription(account)
    return render_template(
        "players/profile.html",
        profile=profile,
        guest=None,
        mail_opt_in=bool(mail and mail.opted_in),
    )
