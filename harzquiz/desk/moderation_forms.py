"""Forms of the moderation desk and of the readers' report ("Melden")."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from harzquiz.players.forms import nickname_validators, strip
from harzquiz.rules.fairplay import REASON_MAX, REPORT_REASON_MAX


class RenameForm(FlaskForm):
    """An editor renames a player; the reason is shown to them once."""

    nickname = StringField(_l("Neuer Name"), filters=[strip], validators=nickname_validators())
    reason = StringField(
        _l("Begründung für die Spielerin oder den Spieler"),
        filters=[strip],
        validators=[
            InputRequired(_l("Bitte gib eine Begründung an.")),
            Length(max=REASON_MAX, message=_l("Höchstens 200 Zeichen.")),
        ],
    )


class ReasonForm(FlaskForm):
    """Hide, ban, withdraw: an optional note for the audit log."""

    reason = StringField(
        _l("Notiz (für das Protokoll)"),
        filters=[strip],
        validators=[Length(max=REASON_MAX, message=_l("Höchstens 200 Zeichen."))],
    )


class ReportForm(FlaskForm):
    """A reader reports a name on a board."""

    reason = TextAreaField(
        _l("Was stimmt mit diesem Namen oder diesen Punkten nicht?"),
        filters=[strip],
        validators=[
            InputRequired(_l("Bitte beschreibe kurz, was nicht stimmt.")),
            Length(max=REPORT_REASON_MAX, message=_l("Höchstens 500 Zeichen.")),
        ],
    )
