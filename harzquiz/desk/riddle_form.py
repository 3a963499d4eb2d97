"""Between the riddle form and the domain: fill it, read it, change its rows, check it."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import format_datetime
from flask_babel import gettext as _

from harzquiz.desk.forms import MAX_ROWS, RiddleForm
from harzquiz.models import Article, Riddle
from harzquiz.rules.answers import AnswerKey, NearMiss
from harzquiz.rules.berlin import berlin_to_utc, utc_to_berlin
from harzquiz.services import editing

BLANK_ROWS: dict[str, dict[str, str | int]]
BLANK_ROWS = {"alternatives": {"text": ""}, "near_misses": {"phrase": "", "nudge": ""},
              "hints": {"text": "", "cost": 10}}  # fmt: skip


def article_choices(articles: Sequence[Article]) -> list[tuple[int, str]]:
    """The article select: none, then every article by title."""
    return [(0, _("– keiner –"))] + [(a.id, a.title) for a in articles]


def form_for(riddle: Riddle) -> RiddleForm:
    """The form filled with a stored riddle (times shown in Berlin)."""
    return RiddleForm(
        formdata=None,
        data={
            "version": str(riddle.version),
            "title": riddle.title,
            "slug": riddle.slug,
            "question": riddle.question,
            "solution": riddle.solution,
            "explanation": riddle.explanation,
            "alternatives": [{"text": a} for a in riddle.alternatives or ()],
            "near_misses": list(riddle.near_misses or ()),
            "hints": [{"text": h.text, "cost": h.cost} for h in riddle.hints],
            "points": riddle.points,
            "publish_at": utc_to_berlin(riddle.publish_at),
            "closes_at": utc_to_berlin(riddle.closes_at),
            "article_id": editing.riddle_article_id(riddle) or 0,
        },
    )


def _filled(rows) -> list:
    return [row.form for row in rows if not row.form.is_blank()]


def values_of(form: RiddleForm) -> editing.RiddleValues:
    """The validated form as domain values (blank rows dropped, times in UTC)."""
    return editing.RiddleValues(
        title=form.title.data.strip(),
        slug=form.slug.data.strip(),
        question=form.question.data.strip(),
        solution=form.solution.data.strip(),
        explanation=(form.explanation.data or "").strip(),
        alternatives=[row.text.data.strip() for row in _filled(form.alternatives)],
        near_misses=[
            {"phrase": row.phrase.data.strip(), "nudge": row.nudge.data.strip()}
            for row in _filled(form.near_misses)
        ],
        hints=[
            (row.text.data.strip(), 10 if row.cost.data is None else row.cost.data)
            for row in _filled(form.hints)
        ],
        points=form.points.data,
        publish_at=berlin_to_utc(form.publish_at.data),
        closes_at=berlin_to_utc(form.closes_at.data),
        article_id=form.article_id.data or None,
    )


def answer_key_of(form: RiddleForm) -> AnswerKey:
    """The matcher's key from the form's current, unsaved values (valid or not)."""
    return AnswerKey(
        solution=(form.solution.data or "")[:200],
        alternatives=tuple((row.text.data or "")[:200] for row in _filled(form.alternatives)),
        near_misses=tuple(
            NearMiss(phrase=(row.phrase.data or "")[:200], nudge=(row.nudge.data or "")[:200])
            for row in _filled(form.near_misses)
        ),
    )


def change_rows(form: RiddleForm, action: str) -> tuple[RiddleForm, str | None] | None:
    """Apply "add-<list>" or "remove-<list>-<n>" to an unsaved form.

    Returns the re-numbered form and the id to focus, or None for an unknown action.
    """
    verb, _sep, rest = action.partition("-")
    name, _sep, index = rest.rpartition("-") if verb == "remove" else (rest, "", "")
    if name not in MAX_ROWS or verb not in ("add", "remove"):
        return None
    data = form.data
    rows = data[name]
    focus = None
    if verb == "add" and len(rows) < MAX_ROWS[name]:
        rows.append(dict(BLANK_ROWS[name]))
        first = next(iter(BLANK_ROWS[name]))
        focus = f"{name}-{len(rows) - 1}-{first}"
    elif verb == "remove" and index.isdigit() and int(index) < len(rows):
        rows.pop(int(index))
        focus = f"add-{name}"
    changed = RiddleForm(formdata=None, data=data)
    changed.article_id.choices = form.article_id.choices
    return changed, focus


def check_with_database(form: RiddleForm, own_id: int | None) -> bool:
    """Slug uniqueness and the schedule rule; errors go onto the fields. True if fine."""
    ok = True
    if editing.slug_taken(Riddle, form.slug.data.strip(), own_id):
        form.slug.errors.append(_("Diesen Kurznamen hat schon ein anderes Rätsel."))
        ok = False
    if form.publish_at.errors or form.closes_at.errors:
        return ok  # a time the form refused (e.g. year 1) cannot be converted, let alone compared
    publish_at, closes_at = berlin_to_utc(form.publish_at.data), berlin_to_utc(form.closes_at.data)
    other = editing.overlapping_riddle(publish_at, closes_at, own_id)
    if other is not None:
        until = format_datetime(other.closes_at) if other.closes_at else _("ohne Ende")
        form.publish_at.errors.append(
            _(
                "Überschneidet sich mit „%(title)s“ (live ab %(start)s, bis %(end)s). "
                "Es darf immer nur ein Rätsel live sein.",
                title=other.title,
                start=format_datetime(other.publish_at),
                end=until,
            )
        )
        ok = False
    return ok


def number_rows(form: RiddleForm) -> None:
    """Label each row's inputs with its number ("Tipp 2"), so every label is unique."""
    for name in MAX_ROWS:
        for number, row in enumerate(form[name], start=1):
            for sub in row.form:
                sub.label.text = f"{sub.label.text} {number}"
