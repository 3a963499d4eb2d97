"""The login, registration and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from harzquiz.players.forms import nickname_validators, strip
from harzquiz.rules.passwords import PASSWORD_MAX, PASSWORD_MIN
from harzquiz.services.accounts import EMAIL_MAX


def _email_field(new: bool = False) -> EmailField:
    """An email address; a `new` one (registration) must also be well-formed.

    Logging in does not check the form: an unknown address gets the same answer as a wrong
    password. The check is syntax only (email-validator without DNS: no network)."""
    validators = [
        InputRequired(_l("Bitte gib deine E-Mail-Adresse ein.")),
        Length(max=EMAIL_MAX, message=_l("Diese E-Mail-Adresse ist zu lang.")),
    ]
    if new:
        validators.append(
            Email(_l("Bitte gib eine gültige E-Mail-Adresse ein."), check_deliverability=False)
        )
    return EmailField(_l("E-Mail-Adresse"), filters=[strip], validators=validators)


def _new_password_fields(label, repeat_label) -> tuple[PasswordField, PasswordField]:
    """A new password and its repetition (they must match)."""
    password = PasswordField(
        label,
        validators=[
            InputRequired(_l("Bitte wähle ein Passwort.")),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l("Das Passwort muss 10 bis 200 Zeichen lang sein."),
            ),
        ],
    )
    confirm = PasswordField(
        repeat_label,
        validators=[
            InputRequired(_l("Bitte wiederhole das Passwort.")),
            EqualTo("password", message=_l("Die beiden Passwörter stimmen nicht überein.")),
        ],
    )
    return password, confirm


class LoginForm(FlaskForm):
    """Email and password; remember-me keeps the login across browser restarts."""

    email = _email_field()
    password = PasswordField(
        _l("Passwort"),
        validators=[
            InputRequired(_l("Bitte gib dein Passwort ein.")),
            Length(max=PASSWORD_MAX, message=_l("Dieses Passwort ist zu lang.")),
        ],
    )
    remember = BooleanField(_l("Angemeldet bleiben"))


class RegisterForm(FlaskForm):
    """Nickname, email and a password typed twice."""

    nickname = StringField(_l("Spitzname"), filters=[strip], validators=nickname_validators())
    email = _email_field(new=True)
    password, confirm = _new_password_fields(_l("Passwort"), _l("Passwort wiederholen"))
    remember = BooleanField(_l("Angemeldet bleiben"))


class PasswordChangeForm(FlaskForm):
    """The current password (a borrowed session alone cannot change it) and a new one."""

    current = PasswordField(
        _l("Aktuelles Passwort"),
        validators=[
            InputRequired(_l("Bitte gib dein aktuelles Passwort ein.")),
            Length(max=PASSWORD_MAX, message=_l("Dieses Passwort ist zu lang.")),
        ],
    )
    password, confirm = _new_password_fields(_l("Neues Passwort"), _l("Neues Passwort wiederholen"))
