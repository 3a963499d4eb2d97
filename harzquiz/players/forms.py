"""The nickname form, and the nickname rules the registration form shares."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from harzquiz.services.players import NICKNAME_MAX, NICKNAME_MIN, nickname_problem


def strip(value):
    """Form filter: surrounding spaces are not part of what was typed; a file uploaded into
    a text field (multipart) is no text, so it counts as empty."""
    if value is None or isinstance(value, str):
        return value.strip() if value else value
    return ""


def nickname_refusal_message(problem: str | None):
    """What a reader is told about a reserved or insulting nickname (None: other problems)."""
    if problem == "reserved":
        return _l(
            "Dieser Spitzname ist für die Redaktion und das Team reserviert "
            "oder sieht einem solchen Namen zum Verwechseln ähnlich. Bitte wähle einen anderen."
        )
    if problem == "insult":
        return _l("Dieser Spitzname enthält ein beleidigendes Wort. Bitte wähle einen anderen.")
    return None


def _nickname_rules(form, field) -> None:
    problem = nickname_problem(field.data or "")
    if problem == "characters":
        raise ValidationError(
            _l("Erlaubt sind Buchstaben, Ziffern, Leerzeichen, Punkt, Binde- und Unterstrich.")
        )
    message = nickname_refusal_message(problem)
    if message:
        raise ValidationError(message)


def nickname_validators() -> list:
    """Required, 3 to 24 characters, letters and a few separators."""
    return [
        InputRequired(_l("Bitte gib einen Spitznamen ein.")),
        Length(
            min=NICKNAME_MIN,
            max=NICKNAME_MAX,
            message=_l("Der Spitzname muss 3 bis 24 Zeichen lang sein."),
        ),
        _nickname_rules,
    ]


class NicknameForm(FlaskForm):
    """Choose the name shown on the leaderboard."""

    nickname = StringField(_l("Spitzname"), filters=[strip], validators=nickname_validators())
