"""Forms of the quiz desk: the quiz itself, a new question, a new choice."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional, Regexp

from harzquiz.desk.forms import StorableYear
from harzquiz.models import QuizQuestion
from harzquiz.rules.quiz import Kind, parse_number
from harzquiz.services.quiz_editing import QuestionSpec

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
TIME_FORMAT = "%Y-%m-%dT%H:%M"


class QuizForm(FlaskForm):
    """A quiz's article, address, title, intro, points and publish times (Berlin time)."""

    article_id = SelectField(_l("Artikel"), coerce=int, validators=[InputRequired()])
    slug = StringField(
        _l("Adresse (Kürzel)"),
        validators=[
            InputRequired(_l("Bitte gib ein Kürzel ein.")),
            Length(max=80),
            Regexp(SLUG, message=_l("Nur Kleinbuchstaben, Ziffern und Bindestriche.")),
        ],
    )
    title = StringField(
        _l("Titel"), validators=[InputRequired(_l("Bitte gib einen Titel ein.")), Length(max=120)]
    )
    intro = TextAreaField(_l("Einleitung"), validators=[Optional(), Length(max=2000)])
    points_per_answer = IntegerField(
        _l("Punkte je richtiger Antwort"), default=10, validators=[NumberRange(min=1, max=1000)]
    )
    publish_at = DateTimeLocalField(
        _l("Veröffentlichen am (Berliner Zeit)"),
        format=TIME_FORMAT,
        validators=[Optional(), StorableYear()],
    )
    closes_at = DateTimeLocalField(
        _l("Endet am (Berliner Zeit)"),
        format=TIME_FORMAT,
        validators=[Optional(), StorableYear()],
    )


KIND_LABELS = {
    Kind.SINGLE.value: _l("Einfachauswahl"),
    Kind.MULTIPLE.value: _l("Mehrfachauswahl"),
    Kind.TRUE_FALSE.value: _l("Stimmt / stimmt nicht"),
    Kind.NUMBER.value: _l("Zahl schätzen"),
    Kind.TEXT.value: _l("Freitext"),
}


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(FlaskForm):
    """A new question; only the fields of its kind are used."""

    kind = SelectField(
        _l("Fragetyp"),
        choices=[SelectChoice(value, label) for value, label in KIND_LABELS.items()],
        validators=[InputRequired()],
    )
    prompt = TextAreaField(
        _l("Frage"), validators=[InputRequired(_l("Bitte gib die Frage ein.")), Length(max=1000)]
    )
    explanation = TextAreaField(_l("Erklärung (nach dem Antworten)"), validators=[Length(max=2000)])
    choices = TextAreaField(
        _l("Antworten zur Auswahl (eine je Zeile, richtige mit * am Anfang)"),
        validators=[Length(max=2400)],
    )
    truth = RadioField(
        _l("Die Aussage …"),
        choices=[SelectChoice("true", _l("stimmt")), SelectChoice("false", _l("stimmt nicht"))],
        validators=[Optional()],
    )
    number = StringField(_l("Richtige Zahl"), validators=[Length(max=30)])
    tolerance = StringField(_l("Toleranz (±)"), default="0", validators=[Length(max=30)])
    units = StringField(_l("Erlaubte Einheiten (mit Komma getrennt)"), validators=[Length(max=200)])
    solution = StringField(_l("Richtige Antwort (Freitext)"), validators=[Length(max=200)])
    alternatives = TextAreaField(
        _l("Weitere richtige Schreibweisen (eine je Zeile)"), validators=[Length(max=2000)]
    )

    def spec(self) -> QuestionSpec:
        """The entered question for game.quiz_editing."""
        choices = tuple(
            (line.lstrip("*").strip(), line.startswith("*")) for line in _lines(self.choices.data)
        )
        return QuestionSpec(
            kind=Kind(self.kind.data),
            prompt=self.prompt.data or "",
            explanation=self.explanation.data or "",
            choices=tuple((text, right) for text, right in choices if text),
            truth={"true": True, "false": False}.get(self.truth.data or ""),
            number=parse_number(self.number.data or ""),
            tolerance=parse_number(self.tolerance.data or "0") or 0.0,
            units=tuple(u.strip() for u in (self.units.data or "").split(",") if u.strip()),
            solution=self.solution.data or "",
            alternatives=tuple(_lines(self.alternatives.data)),
        )


# Which field a refused question's problem belongs beside, and what it says there.
PROBLEM_FIELDS = {
    "no_prompt": ("prompt", _l("Bitte gib die Frage ein.")),
    "choice_count": ("choices", _l("Eine Auswahlfrage braucht 2 bis 8 Antworten.")),
    "single_right": (
        "choices",
        _l("Bei Einfachauswahl ist genau eine Antwort richtig (mit * markieren)."),
    ),
    "multiple_right": (
        "choices",
        _l("Mindestens eine Antwort muss richtig sein (mit * markieren)."),
    ),
    "no_truth": ("truth", _l("Bitte wähle, ob die Aussage stimmt.")),
    "no_number": ("number", _l("Bitte gib die richtige Zahl und eine Toleranz ab 0 ein.")),
    "no_solution": ("solution", _l("Bitte gib die richtige Antwort ein.")),
    "bad_units": (
        "units",
        _l("Höchstens 10 Einheiten, je bis 20 Zeichen und ohne Ziffern, zum Beispiel: m, Meter"),
    ),
}


def question_form_for(question: QuizQuestion) -> QuestionForm:
    """The form filled with a stored question (to edit it)."""
    form = QuestionForm(formdata=None, kind=question.kind, prompt=question.prompt)
    form.explanation.data = question.explanation
    form.choices.data = "\n".join(
        ("*" if choice.correct else "") + choice.text for choice in question.choices
    )
    if question.truth is not None:
        form.truth.data = "true" if question.truth else "false"
    form.number.data = format_number(question.number)
    form.tolerance.data = format_number(question.tolerance)
    form.units.data = ", ".join(question.units or ())
    form.solution.data = question.solution
    form.alternatives.data = "\n".join(question.alternatives or ())
    return form


def format_number(value: float | None) -> str:
    """A stored number as the form shows it (18, 2,5): parse_number reads it back."""
    if value is None:
        return ""
    return (str(int(value)) if float(value).is_integer() else str(value)).replace(".", ",")


class ChoiceForm(FlaskForm):
    """One more choice for a choice question."""

    text = StringField(
        _l("Neue Antwort"),
        validators=[InputRequired(_l("Bitte gib eine Antwort ein.")), Length(max=300)],
    )
    right = BooleanField(_l("richtig"))
