"""Privacy self-service on the profile: "Meine Daten herunterladen" and "Konto löschen".

The download is a GET: it only reads, and it answers only the session's own player (the
signed cookie is the credential; there is no id in the URL). A cross-site link can at most
make a reader's browser save the reader's own file on the reader's own disk; the answer is
an attachment that is never cached, never framed and never shared (`Cache-Control:
no-store`, `Vary: Cookie`), and its URL holds nothing personal, so access logs don't either.

Deleting is a POST with CSRF from a page of its own (the confirmation step, no JavaScript
needed): accounts type their password and tick a box; a guest, who has no password, ticks
the box. Password attempts are rate limited like password changes.
"""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.security import check_password_hash
from wtforms import BooleanField, PasswordField
from wtforms.validators import InputRequired, Length

from harzquiz import clock
from harzquiz.auth.limits import account_key, password_changes_per_address
from harzquiz.extensions import limiter
from harzquiz.players.current import current_player
from harzquiz.services import privacy
from harzquiz.services.accounts import PASSWORD_MAX

bp = Blueprint("privacy", __name__)

# A password typed here is as guessable as at a password change: the same budget (same
# scope and limit), per account. Guests type no password and are not counted together
# (they would all share one key); the per-address limit covers them.
deletions_per_account = limiter.limit(
    lambda: (
        current_app.config.get("PASSWORD_CHANGE_LIMIT_PER_ACCOUNT")
        or current_app.config["LOGIN_LIMIT_PER_EMAIL"]
    ),
    key_func=account_key,
    scope="password-account",
    methods=["POST"],
    exempt_when=lambda: not current_user.is_authenticated,
)


@bp.before_request
def never_framed() -> None:
    """A page with a password form, and a file of personal data, are never framed."""
    g.frame_ancestors = "'none'"


class GuestDeleteForm(FlaskForm):
    """The confirmation a guest gives: one box to tick."""

    confirm = BooleanField(
        _l("Ja, ich möchte alles endgültig löschen."),
        validators=[InputRequired(_l("Bitte bestätige, dass du alles löschen möchtest."))],
    )


class AccountDeleteForm(GuestDeleteForm):
    """An account also gives its password (a borrowed session alone cannot delete it)."""

    password = PasswordField(
        _l("Passwort"),
        validators=[
            InputRequired(_l("Bitte gib dein Passwort ein.")),
            Length(max=PASSWORD_MAX, message=_l("Dieses Passwort ist zu lang.")),
        ],
    )


@bp.get("/profil/daten")
def export_data():
    """Everything stored about the session's player, as a JSON file to keep."""
    player = current_player()
    if player is None:
        flash(_("Über dich ist nichts gespeichert: Du hast noch nicht gespielt."), "info")
        return redirect(url_for("players.profile"))
    document = privacy.export_player(player, clock.now())
    body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    day = clock.now().date().isoformat()
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="harzquiz-daten-{day}.json"'
    response.headers["Cache-Control"] = "no-store, private"
    response.headers["Vary"] = "Cookie"
    return response


def _end_session() -> None:
    """Log out and forget the guest: the player behind this session is gone."""
    logout_user()
    for key in ("player_id", "guest_secret"):
        session.pop(key, None)
    g.pop("player", None)


@bp.route("/profil/loeschen", methods=["GET", "POST"])
@password_changes_per_address
@deletions_per_account
def delete_account():
    """Delete the account (password and confirmation) or the guest's progress (confirmation),
    with every row tied to it; then the session ends."""
    player = current_player()
    if player is None:
        flash(_("Über dich ist nichts gespeichert: Du hast noch nicht gespielt."), "info")
        return redirect(url_for("players.profile"), 303)
    is_account = current_user.is_authenticated
    form = AccountDeleteForm() if is_account else GuestDeleteForm()
    refused = is_account and privacy.is_last_admin(player)  # said before anyone types
    if not refused and form.validate_on_submit():
        if is_account and not check_password_hash(player.password_hash or "", form.password.data):
            form.password.errors.append(_("Das Passwort stimmt nicht."))
        elif privacy.delete_player(player) == "last-admin":  # became the last meanwhile
            refused = True
        else:
            _end_session()
            if is_account:
                flash(_("Dein Konto und alle Daten dazu sind gelöscht."), "success")
            else:
                flash(_("Dein Spielstand ist gelöscht."), "success")
            return redirect(url_for("pages.home"), 303)
    status = 422 if form.errors else 409 if refused and form.is_submitted() else 200
    template = "players/delete_account.html"
    return render_template(
        template, form=form, player=player, is_account=is_account, last_admin=refused
    ), status
