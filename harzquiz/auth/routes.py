"""Logging in and out."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import login_user, logout_user

from ..game.accounts import authenticate
from ..htmx import safe_next
from .forms import LoginForm
from .limits import logins_per_address, logins_per_email

bp = Blueprint("auth", __name__)


@bp.before_request
def never_framed() -> None:
    """Login pages are never framed (clickjacking a password form)."""
    g.frame_ancestors = "'none'"


@bp.route("/anmelden", methods=["GET", "POST"])
@logins_per_address
@logins_per_email
def login():
    """Log in with email and password; the same message for every failure."""
    form = LoginForm()
    if form.validate_on_submit():
        account = authenticate(form.email.data, form.password.data)
        if account is not None:
            session.pop("player_id", None)  # the guest identity ends with the login
            login_user(account, remember=form.remember.data)
            flash(_("Willkommen zurück, %(name)s!", name=account.nickname), "success")
            return redirect(safe_next(url_for("pages.home")), 303)
        form.password.errors.append(_("E-Mail-Adresse oder Passwort stimmen nicht."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/abmelden", methods=["POST"])
def logout():
    """Log out (a POST with CSRF, so no other site can log a reader out)."""
    logout_user()
    session.pop("player_id", None)
    flash(_("Du bist abgemeldet."), "success")
    return redirect(url_for("pages.home"), 303)
