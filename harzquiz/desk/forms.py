"""The editor desk's forms: riddle (with repeating rows) and article.

Rows left completely empty are ignored on save, so "add a row" never blocks saving.
Times are entered in Europe/Berlin and stored in UTC (see `harzquiz.rules.berlin`).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

SLUG = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message=_l("Nur Kleinbuchstaben, Ziffern und einzelne Bindestriche, z. B. boje-grill."),
)
MAX_ROWS = {"alternatives": 20, "near_misses": 20, "hints": 10}


class WholeNumberField(IntegerField):
    """An integer input whose parse error speaks the site's language."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Bitte gib eine ganze Zahl an.")) from exc


# Desk times outside these years are typing slips, and at the ends of the calendar the
# Berlin to UTC conversion overflows (0001-01-01T00:00 used to be a 500).
EARLIEST_YEAR, LATEST_YEAR = 1970, 2999


class StorableYear:
    """A desk time's year must lie within EARLIEST_YEAR and LATEST_YEAR."""

    def __call__(self, form, field) -> None:
        if field.data is not None and not EARLIEST_YEAR <= field.data.year <= LATEST_YEAR:
            raise ValidationError(
                _l(
                    "Bitte gib ein Datum zwischen den Jahren %(first)d und %(last)d an.",
                    first=EARLIEST_YEAR,
                    last=LATEST_YEAR,
                )
            )


class BerlinTimeField(DateTimeLocalField):
    """A date and time in Europe/Berlin wall-clock time (naive; see rules.berlin.berlin_to_utc)."""

    def __init__(self, label, **kwargs):
        super().__init__(
            label, format="%Y-%m-%dT%H:%M", validators=[Optional(), StorableYear()], **kwargs
        )

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Bitte gib Datum und Uhrzeit an, z. B. 2026-11-30T08:00.")) from exc


class ChoiceField(SelectField):
    """A select of ids (0 = none) that refuses ids it does not offer."""

    def __init__(self, label, **kwargs):
        super().__init__(label, coerce=int, default=0, **kwargs)

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices or ()}:
            raise ValidationError(_l("Bitte wähle einen Eintrag aus der Liste."))


def _required(label):
    return InputRequired(_l("Bitte fülle „%(label)s“ aus.", label=label))


def _max(n: int):
    return Length(max=n, message=_l("Höchstens %(max)d Zeichen.", max=n))


class AlternativeRow(Form):
    """An accepted alternative answer."""

    text = StringField(_l("Alternative"), validators=[Optional(), _max(200)])

    def is_blank(self) -> bool:
        return not (self.text.data or "").strip()


class NearMissRow(Form):
    """A near miss and the nudge readers see when they type it."""

    # No Optional(): it would stop the chain before the checks that pair phrase and nudge.
    phrase = StringField(_l("Fast richtig"), validators=[_max(200)])
    nudge = StringField(_l("Schubs in die richtige Richtung"), validators=[_max(200)])

    def is_blank(self) -> bool:
        return not (self.phrase.data or "").strip() and not (self.nudge.data or "").strip()

    def validate_nudge(self, field):
        if (self.phrase.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Bitte gib einen Schubs für diese Antwort an."))

    def validate_phrase(self, field):
        if (self.nudge.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Bitte gib die fast richtige Antwort an."))


class HintRow(Form):
    """A hint and what unlocking it costs."""

    text = StringField(_l("Tipp"), validators=[Optional(), _max(500)])
    cost = WholeNumberField(
        _l("Kosten (Punkte)"),
        default=10,
        validators=[
            Optional(),
            NumberRange(0, 1000, message=_l("Zwischen %(min)s und %(max)s Punkten.")),
        ],
    )

    def is_blank(self) -> bool:
        return not (self.text.data or "").strip()


class RiddleForm(FlaskForm):
    """A riddle with its answers, hints, points, schedule and article."""

    version = HiddenField()
    title = StringField(_l("Titel"), validators=[_required(_l("Titel")), _max(120)])
    slug = StringField(
        _l("Kurzname in der Adresse"), validators=[_required(_l("Kurzname")), _max(80), SLUG]
    )
    question = TextAreaField(_l("Frage"), validators=[_required(_l("Frage")), _max(2000)])
    solution = StringField(_l("Lösung"), validators=[_required(_l("Lösung")), _max(200)])
    explanation = TextAreaField(_l("Erklärung"), validators=[Optional(), _max(4000)])
    alternatives = FieldList(FormField(AlternativeRow), max_entries=MAX_ROWS["alternatives"])
    near_misses = FieldList(FormField(NearMissRow), max_entries=MAX_ROWS["near_misses"])
    hints = FieldList(FormField(HintRow), max_entries=MAX_ROWS["hints"])
    points = WholeNumberField(
        _l("Punkte"),
        default=100,
        validators=[
            InputRequired(_l("Bitte gib die Punkte an.")),
            NumberRange(1, 1000, message=_l("Zwischen %(min)s und %(max)s Punkten.")),
        ],
    )
    publish_at = BerlinTimeField(_l("Veröffentlichen am (Berliner Zeit)"))
    closes_at = BerlinTimeField(_l("Beenden am (Berliner Zeit)"))
    article_id = ChoiceField(_l("Gehört zum Artikel"))
    test_answer = StringField(_l("Deine Testantwort"), validators=[Optional(), _max(200)])

    def validate_closes_at(self, field):
        if field.data is None:
            return
        if self.publish_at.data is None:
            raise ValidationError(_l("Ohne Veröffentlichungszeit kann es kein Ende geben."))
        if field.data <= self.publish_at.data:
            raise ValidationError(_l("Das Ende muss nach der Veröffentlichung liegen."))


class ArticleForm(FlaskForm):
    """A regional article: Markdown body, author, counts, the riddle it carries."""

    title = StringField(_l("Titel"), validators=[_required(_l("Titel")), _max(200)])
    slug = StringField(
        _l("Kurzname in der Adresse"), validators=[_required(_l("Kurzname")), _max(120), SLUG]
    )
    kicker = StringField(_l("Dachzeile"), validators=[Optional(), _max(80)])
    teaser = TextAreaField(_l("Vorspann"), validators=[Optional(), _max(500)])
    body_markdown = TextAreaField(
        _l("Text (Markdown)"), validators=[_required(_l("Text")), _max(50000)]
    )
    author_name = StringField(_l("Autor"), validators=[Optional(), _max(120)])
    author_bio = TextAreaField(_l("Über den Autor"), validators=[Optional(), _max(1000)])
    sources_count = WholeNumberField(
        _l("Analysierte Quellen"),
        default=0,
        validators=[
            InputRequired(_l("Bitte gib eine ganze Zahl an.")),
            NumberRange(0, 10_000_000, message=_l("Zwischen %(min)s und %(max)s.")),
        ],
    )
    social_comments_count = WholeNumberField(
        _l("Kommentare in sozialen Medien"),
        default=0,
        validators=[
            InputRequired(_l("Bitte gib eine ganze Zahl an.")),
            NumberRange(0, 10_000_000, message=_l("Zwischen %(min)s und %(max)s.")),
        ],
    )
    forum_posts_count = WholeNumberField(
        _l("Forenbeiträge"),
        default=0,
        validators=[
            InputRequired(_l("Bitte gib eine ganze Zahl an.")),
            NumberRange(0, 10_000_000, message=_l("Zwischen %(min)s und %(max)s.")),
        ],
    )
    riddle_id = ChoiceField(_l("Rätsel zum Artikel"))
    published_at = BerlinTimeField(_l("Veröffentlichen am (Berliner Zeit)"))
    version = HiddenField()
