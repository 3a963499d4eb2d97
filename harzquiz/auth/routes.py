"""Registering, logging in and out, changing the password."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from harzquiz.auth.forms import LoginForm, PasswordChangeForm, RegisterForm
from harzquiz.auth.limits import (
    logins_per_address,
    logins_per_address_and_email,
    logins_per_email,
    password_changes_per_account,
    password_changes_per_address,
    registrations_per_address,
)
from harzquiz.auth.messages import password_message
from harzquiz.models import Player
from harzquiz.players.current import current_player, forget_guest
from harzquiz.players.forms import nickname_refusal_message
from harzquiz.services import account_mail, accounts
from harzquiz.web import account_sessions
from harzquiz.web.htmx import safe_next
from harzquiz.web.roles import account_required

bp = Blueprint("auth", __name__)


@bp.before_request
def never_framed() -> None:
    """Login pages are never framed (clickjacking a password form)."""
    g.frame_ancestors = "'none'"


def _session_guest() -> Player | None:
    """The guest playing in this browser, if nobody is logged in."""
    return None if current_user.is_authenticated else current_player()


def _start_session(account: Player, remember: bool) -> None:
    """Log the account in; the guest identity in the session ends (it is the account now)."""
    forget_guest()
    g.pop("player", None)
    account_sessions.start(account, remember)


@bp.route("/anmelden", methods=["GET", "POST"])
@logins_per_address
@logins_per_address_and_email
@logins_per_email
def login():
    """Log in with email and password (a guest's progress comes along); one message for
    every failure."""
    form = LoginForm()
    if form.validate_on_submit():
        signed_in = accounts.sign_in(form.email.data, form.password.data, _session_guest())
        if signed_in is not None:
            account, merged = signed_in
            _start_session(account, form.remember.data)
            flash(_("Willkommen zurück, %(name)s!", name=account.nickname), "success")
            if merged.moved_anything:
                flash(_("Dein Spielstand als Gast ist jetzt in deinem Konto."), "success")
            return redirect(safe_next(url_for("pages.home")), 303)
        form.password.errors.append(_("E-Mail-Adresse oder Passwort stimmen nicht."))
    status = 422 if form.errors else 200
    return render_template("auth/login.html", form=form), status


def _show_registration_problem(form: RegisterForm, problem: str) -> None:
    """Put a refused registration's reason beside the field it concerns.

    A taken email gets the same general answer as a registration that lost a race, and
    never the word "taken": see docs/rules.md "Accounts" on what registration can and cannot hide.
    """
    if problem == "nickname-taken":
        form.nickname.errors.append(_("Dieser Spitzname ist schon vergeben."))
    elif problem == "email":
        form.email.errors.append(_("Bitte gib eine gültige E-Mail-Adresse ein."))
    elif problem.startswith("password"):
        form.password.errors.append(password_message(problem))
    elif problem in ("nickname-reserved", "nickname-insult"):
        message = nickname_refusal_message(problem.removeprefix("nickname-"))
        form.nickname.errors.append(str(message))
    elif problem == "nickname":
        form.nickname.errors.append(_("Der Spitzname muss 3 bis 24 Zeichen lang sein."))
    else:
        form.email.errors.append(
            _(
                "Mit diesen Angaben können wir kein Konto anlegen. Hast du schon ein Konto? "
                "Dann melde dich an – dein Spielstand als Gast kommt mit."
            )
        )


@bp.route("/registrieren", methods=["GET", "POST"])
@registrations_per_address
def register():
    """Create an account; a guest's row becomes the account, so everything played stays."""
    if current_user.is_authenticated:
        return redirect(url_for("players.profile"), 303)
    guest = current_player()
    form = RegisterForm()
    if request.method == "GET" and guest is not None:
        form.nickname.data = guest.nickname
    if form.validate_on_submit():
        result = accounts.register(guest, form.nickname.data, form.email.data, form.password.data)
        if isinstance(result, Player):
            _start_session(result, form.remember.data)
            welcome = _("Willkommen, %(name)s! Dein Konto ist angelegt.", name=result.nickname)
            _welcome_and_confirm(result, welcome)
            # Asked once, right after registering: mail when a new riddle goes live?
            then = safe_next(url_for("players.profile"))
            return redirect(url_for("notifications.settings", next=then), 303)
        _show_registration_problem(form, result)
    status = 422 if form.errors else 200
    return render_template("auth/register.html", form=form, guest=guest), status


def _welcome_and_confirm(account: Player, welcome: str) -> None:
    """Mail the confirmation link to a new account (which stays either way) and say so in
    the one welcome message, or say that the mail could not be sent."""
    if account_mail.send_confirmation(account):
        sent = _("Bitte bestätige deine E-Mail-Adresse: Wir haben dir einen Link geschickt.")
        flash(f"{welcome} {sent}", "success")
    else:
        flash(welcome, "success")
        flash(_("Die E-Mail konnte nicht gesendet werden, bitte später erneut versuchen."), "error")


@bp.route("/passwort", methods=["GET", "POST"])
@account_required
@password_changes_per_address
@password_changes_per_account
def change_password():
    """Change the password: other devices are logged out, this one stays logged in."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        account = current_user._get_current_object()
        problem = accounts.change_password(account, form.current.data, form.password.data)
        if problem is None:
            # The login id rotated: renew this session (and its remember-me cookie, if any).
            remember_cookie = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
            login_user(account, remember=remember_cookie in request.cookies)
            flash(_("Dein Passwort ist geändert. Andere Geräte sind jetzt abgemeldet."), "success")
            return redirect(url_for("players.profile"), 303)
        if problem == "current":
            form.current.errors.append(_("Das aktuelle Passwort stimmt nicht."))
        else:
            form.password.errors.append(password_message(problem))
    status = 422 if form.errors else 200
    return render_template("auth/password.html", form=form), status


@bp.route("/abmelden", methods=["POST"])
def logout():
    """Log out (a POST with CSRF, so no other site can log a reader out).

    The account's login id rotates, so a copy of this session cookie or of its remember
    cookie stops working too (which ends the account's other sessions as well: the login
    id is the only per-account session state there is; see web.account_sessions)."""
    if current_user.is_authenticated:
        account_sessions.end_everywhere(current_user._get_current_object())
    logout_user()
    forget_guest()
    flash(_("Du bist abgemeldet."), "success")
    return redirect(url_for("pages.home"), 303)


@bp.route("/abmelden/ueberall", methods=["POST"])
@account_required
def logout_everywhere():
    """ "Überall abmelden" on the profile: every session and remember cookie of the account
    ends, this one included."""
    account_sessions.end_everywhere(current_user._get_current_object())
    forget_guest()
    flash(_("Du bist jetzt auf allen Geräten abgemeldet."), "success")
    return redirect(url_for("pages.home"), 303)
