"""The nickname form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length, ValidationError

from ..game.players import NICKNAME_MAX, NICKNAME_MIN, nickname_problem


def _nickname_rules(form, field) -> None:
    problem = nickname_problem(field.data or "")
    if problem == "characters":
        raise ValidationError(
            _l("Erlaubt sind Buchstaben, Ziffern, Leerzeichen, Punkt, Binde- und Unterstrich.")
        )


class NicknameForm(FlaskForm):
    """Choose the name shown on the leaderboard."""

    nickname = StringField(
        _l("Spitzname"),
        # A file upload in this field (multipart) is no name: treat it as empty.
        filters=[lambda value: value.strip() if isinstance(value, str) else ""],
        validators=[
            InputRequired(_l("Bitte gib einen Spitznamen ein.")),
            Length(
                min=NICKNAME_MIN,
                max=NICKNAME_MAX,
                message=_l("Der Spitzname muss 3 bis 24 Zeichen lang sein."),
            ),
            _nickname_rules,
        ],
    )
