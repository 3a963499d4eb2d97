"""The mail opt-in (asked once after registering, changeable from the profile) and the
unsubscribe link in every announcement (RFC 8058 one-click: a POST without cookies)."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SubmitField

from harzquiz import clock
from harzquiz.extensions import csrf
from harzquiz.services import subscriptions
from harzquiz.web.htmx import safe_next
from harzquiz.web.roles import account_required

bp = Blueprint("notifications", __name__)


class OptInForm(FlaskForm):
    """Two buttons: yes or no (the question is the page's)."""

    yes = SubmitField(_l("Ja, bitte per E-Mail benachrichtigen"))
    no = SubmitField(_l("Nein, danke"))


@bp.route("/benachrichtigungen", methods=["GET", "POST"])
@account_required
def settings():
    """Mail when a new riddle goes live? Only confirmed addresses get mail."""
    form = OptInForm()
    account = current_user._get_current_object()
    if form.validate_on_submit():
        subscriptions.choose(account, bool(form.yes.data), get_locale().language, clock.now())
        return redirect(safe_next(url_for(".settings")), 303)
    return render_template(
        "notifications/settings.html",
        form=form,
        subscription=subscriptions.subscription(account),
        confirmed=account.email_confirmed_at is not None,
        next=request.args.get("next", ""),
    )


@bp.route("/benachrichtigungen/abbestellen/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail programs POST without cookies; the signed token is the proof
def unsubscribe(token: str):
    """GET: a page with one button; POST (that button, or the mail program): mail off."""
    if request.method == "GET":
        if not subscriptions.valid_token(token):
            abort(404)
        return render_template("notifications/unsubscribe.html", token=token, done=False)
    # The body ("List-Unsubscribe=One-Click" from a mail program, nothing from our button)
    # changes nothing, but is read, so an oversized one gets its 413 like any other POST.
    request.form.get("List-Unsubscribe")
    if not subscriptions.unsubscribe(token, clock.now()):
        abort(404)
    return render_template("notifications/unsubscribe.html", token=token, done=True)
