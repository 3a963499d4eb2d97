"""The login form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import InputRequired, Length

from ..game.accounts import EMAIL_MAX, PASSWORD_MAX


class LoginForm(FlaskForm):
    """Email and password; remember-me keeps the login across browser restarts."""

    email = EmailField(
        _l("E-Mail-Adresse"),
        validators=[
            InputRequired(_l("Bitte gib deine E-Mail-Adresse ein.")),
            Length(max=EMAIL_MAX, message=_l("Diese E-Mail-Adresse ist zu lang.")),
        ],
    )
    password = PasswordField(
        _l("Passwort"),
        validators=[
            InputRequired(_l("Bitte gib dein Passwort ein.")),
            Length(max=PASSWORD_MAX, message=_l("Dieses Passwort ist zu lang.")),
        ],
    )
    remember = BooleanField(_l("Angemeldet bleiben"))
