"""The forms of the account mail pages: forgotten password, new password, email change."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from harzquiz.auth.forms import _email_field, _new_password_fields
from harzquiz.players.forms import strip
from harzquiz.services.accounts import EMAIL_MAX, PASSWORD_MAX


class ForgotPasswordForm(FlaskForm):
    """The address a reset link is sent to (if an account has it)."""

    email = _email_field()


class ResetPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password, confirm = _new_password_fields(_l("Neues Passwort"), _l("Neues Passwort wiederholen"))


class EmailChangeForm(FlaskForm):
    """The new address and the current password (a borrowed session alone cannot move the
    account to another address)."""

    email = EmailField(
        _l("Neue E-Mail-Adresse"),
        filters=[strip],
        validators=[
            InputRequired(_l("Bitte gib deine neue E-Mail-Adresse ein.")),
            Length(max=EMAIL_MAX, message=_l("Diese E-Mail-Adresse ist zu lang.")),
        ],
    )
    current = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[
            InputRequired(_l("Bitte gib dein aktuelles Passwort ein.")),
            Length(max=PASSWORD_MAX, message=_l("Dieses Passwort ist zu lang.")),
        ],
    )
