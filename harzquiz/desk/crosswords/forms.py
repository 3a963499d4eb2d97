"""The crossword desk's form: title, schedule, prize flag, the entry rows, the marked cells.

An entry row is an answer and its clue, and (once laid out or placed by hand) its row,
column and direction, 1-based as the grid preview labels them. Rows left completely empty
are ignored, as in the riddle form. Times are Berlin wall-clock times, stored in UTC.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

from harzquiz.desk.forms import (
    SLUG,
    BerlinTimeField,
    RiddleForm,
    WholeNumberField,
    _max,
    _required,
)
from harzquiz.rules.crossword_grid import MAX_SIZE

MAX_ENTRIES = 40
BLANK_ENTRY = {"answer": "", "clue": "", "row": None, "col": None, "direction": "", "locked": False}
DIRECTIONS = [
    SelectChoice("", _l("– offen –")),
    SelectChoice("across", _l("waagerecht")),
    SelectChoice("down", _l("senkrecht")),
]


def _position(label):
    return WholeNumberField(
        label,
        validators=[
            Optional(),
            NumberRange(1, MAX_SIZE, message=_l("Zwischen %(min)s und %(max)s.")),
        ],
    )


class EntryRow(Form):
    """One answer-clue pair, with its place in the grid once it has one."""

    answer = StringField(_l("Antwort"), validators=[_max(40)])
    clue = StringField(_l("Frage"), validators=[_max(300)])
    row = _position(_l("Zeile"))
    col = _position(_l("Spalte"))
    direction = SelectField(_l("Richtung"), choices=DIRECTIONS, default="")
    locked = BooleanField(_l("Festhalten"))

    def is_blank(self) -> bool:
        return not (self.answer.data or "").strip() and not (self.clue.data or "").strip()

    def has_position(self) -> bool:
        return (
            self.row.data is not None
            and self.col.data is not None
            and self.direction.data in ("across", "down")
        )


class CrosswordForm(FlaskForm):
    """A crossword: its texts, points, prize flag, schedule, entries and marked cells."""

    version = HiddenField()
    title = StringField(_l("Titel"), validators=[_required(_l("Titel")), _max(120)])
    slug = StringField(
        _l("Kurzname in der Adresse"), validators=[_required(_l("Kurzname")), _max(80), SLUG]
    )
    intro = TextAreaField(_l("Einleitung"), validators=[Optional(), _max(2000)])
    entries = FieldList(FormField(EntryRow), max_entries=MAX_ENTRIES)
    solution_word = StringField(_l("Lösungswort"), validators=[Optional(), _max(40)])
    marked = StringField(_l("Markierte Felder (Zeile,Spalte in Reihenfolge)"), [_max(400)])
    points = WholeNumberField(
        _l("Punkte"),
        default=100,
        validators=[
            InputRequired(_l("Bitte gib die Punkte an.")),
            NumberRange(1, 1000, message=_l("Zwischen %(min)s und %(max)s Punkten.")),
        ],
    )
    is_prize = BooleanField(_l("Gewinnspiel: das Lösungswort nimmt an der Verlosung teil"))
    publish_at = BerlinTimeField(_l("Veröffentlichen am (Berliner Zeit)"))
    closes_at = BerlinTimeField(_l("Beenden am (Berliner Zeit)"))
    test_answer = StringField(_l("Lösungswort zum Testen"), validators=[Optional(), _max(40)])

    validate_closes_at = RiddleForm.validate_closes_at
