"""The account mail pages: "Passwort vergessen", confirming the address, changing it.

Links from mail open a page with a button (a POST with CSRF) rather than acting on the
GET: mail scanners that fetch every link must not use up a reset link or change an address.
A link that does not work gets a page that says why (400 forged, 410 expired or used, 409
address taken) and how to get a new one, never a 500.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from harzquiz.auth.mail_forms import EmailChangeForm, ForgotPasswordForm, ResetPasswordForm
from harzquiz.auth.mail_limits import (
    email_changes_per_account,
    email_changes_per_address,
    resends_per_account,
    resends_per_address,
    resets_per_address,
)
from harzquiz.auth.messages import password_message
from harzquiz.models import Player
from harzquiz.services import account_mail
from harzquiz.services.account_mail import LinkProblem
from harzquiz.web.roles import account_required

bp = Blueprint("recovery", __name__)

LINK_STATUS = {
    LinkProblem.INVALID: 400,
    LinkProblem.EXPIRED: 410,
    LinkProblem.USED: 410,
    LinkProblem.TAKEN: 409,
}


def mail_failed_message() -> str:
    return _("Die E-Mail konnte nicht gesendet werden, bitte später erneut versuchen.")


@bp.before_request
def never_framed() -> None:
    """Password and address forms are never framed (clickjacking)."""
    g.frame_ancestors = "'none'"


@bp.after_request
def keep_links_private(response):
    """The token is in the URL: never cached, never sent on as a Referer."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def link_problem(problem: LinkProblem, purpose: str):
    """The page for a link that does not work, with the way to a new one."""
    page = render_template("auth/link_problem.html", problem=problem.value, purpose=purpose)
    return page, LINK_STATUS[problem]


@bp.route("/passwort-vergessen", methods=["GET", "POST"])
@resets_per_address
def forgot_password():
    """Ask for a reset link. The answer is the same whether or not an account has the
    address (same page, same status, the same work done)."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        account_mail.request_password_reset(form.email.data)
        return render_template("auth/forgot_password.html", form=form, sent=True)
    status = 422 if form.errors else 200
    return render_template("auth/forgot_password.html", form=form, sent=False), status


@bp.route("/passwort-vergessen/<token>", methods=["GET", "POST"])
@resets_per_address
def reset_password(token: str):
    """Set a new password through the link from the mail; every session of the account
    ends, and the link with it."""
    checked = account_mail.check_reset(token)
    if isinstance(checked, LinkProblem):
        return link_problem(checked, "reset")
    form = ResetPasswordForm()
    if form.validate_on_submit():
        result = account_mail.reset_password(token, form.password.data)
        if isinstance(result, LinkProblem):
            return link_problem(result, "reset")
        if isinstance(result, Player):
            flash(
                _("Dein Passwort ist geändert. Melde dich jetzt mit dem neuen Passwort an."),
                "success",
            )
            return redirect(url_for("auth.login"), 303)
        form.password.errors.append(password_message(result))
    status = 422 if form.errors else 200
    return render_template("auth/reset_password.html", form=form, account=checked), status


@bp.route("/email-bestaetigen/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """Confirm the account's address: the link shows a button, the button confirms."""
    checked = account_mail.check_confirmation(token)
    if isinstance(checked, LinkProblem):
        return link_problem(checked, "confirm")
    if request.method == "POST":  # CSRFProtect checked the token before the view
        result = account_mail.confirm_email(token)
        if isinstance(result, LinkProblem):
            return link_problem(result, "confirm")
        flash(_("Danke! Deine E-Mail-Adresse ist bestätigt."), "success")
        return redirect(url_for("players.profile"), 303)
    return render_template("auth/confirm_email.html", account=checked)


@bp.post("/email-bestaetigen")
@account_required
@resends_per_address
@resends_per_account
def resend_confirmation():
    """Send the confirmation link again (from the profile)."""
    account = current_user._get_current_object()
    if account.is_confirmed:
        flash(_("Deine E-Mail-Adresse ist schon bestätigt."), "success")
    elif account_mail.send_confirmation(account):
        flash(
            _("Wir haben dir den Bestätigungslink an %(email)s geschickt.", email=account.email),
            "success",
        )
    else:
        flash(mail_failed_message(), "error")
    return redirect(url_for("players.profile"), 303)


@bp.route("/email-aendern", methods=["GET", "POST"])
@account_required
@email_changes_per_address
@email_changes_per_account
def change_email():
    """Ask to move the account to another address: the new one confirms, the old one is told."""
    account = current_user._get_current_object()
    form = EmailChangeForm()
    status = 200
    if form.validate_on_submit():
        asked = account_mail.request_email_change(account, form.current.data, form.email.data)
        if asked.problem is None and asked.sent:
            flash(
                _(
                    "Wir haben einen Bestätigungslink an %(email)s geschickt. Erst wenn du ihn "
                    "öffnest, ändert sich deine Adresse.",
                    email=form.email.data,
                ),
                "success",
            )
            return redirect(url_for("players.profile"), 303)
        if asked.problem == "current":
            form.current.errors.append(_("Das aktuelle Passwort stimmt nicht."))
        elif asked.problem == "same":
            form.email.errors.append(_("Das ist schon deine E-Mail-Adresse."))
        elif asked.problem == "taken":
            form.email.errors.append(_("Diese E-Mail-Adresse gehört schon zu einem anderen Konto."))
        elif asked.problem == "email":
            form.email.errors.append(_("Bitte gib eine gültige E-Mail-Adresse ein."))
        else:
            form.email.errors.append(mail_failed_message())
            status = 503  # the mail server failed us; nothing was changed
    if form.errors and status == 200:
        status = 422
    return render_template("auth/change_email.html", form=form), status


@bp.route("/email-aendern/<token>", methods=["GET", "POST"])
def confirm_email_change(token: str):
    """Use the link sent to the new address: the button moves the account to it."""
    checked = account_mail.check_email_change(token)
    if isinstance(checked, LinkProblem):
        return link_problem(checked, "change")
    account, new_email = checked
    if request.method == "POST":  # CSRFProtect checked the token before the view
        result = account_mail.change_email(token)
        if isinstance(result, LinkProblem):
            return link_problem(result, "change")
        flash(_("Deine E-Mail-Adresse ist jetzt %(email)s.", email=result.email), "success")
        return redirect(url_for("players.profile"), 303)
    return render_template("auth/confirm_email_change.html", account=account, new_email=new_email)
