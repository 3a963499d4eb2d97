"""Desk forms that depend on the database or need a fresh file per request, for the route
registry's `fresh_form` (tests/routes.py): the crossword desk's grid, the plan form's next
riddle, a quiz question of each kind, a picture upload. Each one, posted by an editor,
really changes something (tests/web/test_desk_audit_walk.py checks it is audited)."""

from __future__ import annotations

import io
from datetime import timedelta

import sqlalchemy as sa
from PIL import Image

from harzquiz.desk.crosswords.builder import format_marked
from harzquiz.extensions import db
from harzquiz.models import Article, Crossword
from harzquiz.rules.berlin import utc_to_berlin
from harzquiz.services import scheduling
from tests.factories import NOW

BERLIN_FORMAT = "%Y-%m-%dT%H:%M"

# A question of each kind the desk's "new question" pages offer (desk.quizzes.new_question).
QUESTIONS_BY_KIND = {
    "single": {"choices": "Brocken\n*Wurmberg"},
    "multiple": {"choices": "*Bode\n*Oker\nRhein"},
    "true_false": {"truth": "true"},
    "number": {"number": "1141", "tolerance": "0"},
    "text": {"solution": "Brocken", "alternatives": "Blocksberg"},
}
# The world quiz's first question is a single choice one (tests/quiz_factories.py).
EDITED_QUESTION = {
    "prompt": "Welcher Berg ist geändert?",
    "explanation": "Geänderte Erklärung.",
    "choices": "Achtermann\n*Brocken\nWurmberg",
}
PICTURE_TARGETS = {"raetsel": "raetsel", "artikel": "artikel", "quizze": "frage-1"}


def question_form(kind: str) -> dict:
    """A complete new question of one kind."""
    return {"prompt": f"Audit-Frage ({kind})", "explanation": "", **QUESTIONS_BY_KIND[kind]}


def crossword_form(crossword_id: int | None) -> dict:
    """The crossword desk's form: for an id, that crossword as stored with a new title (an
    edit); without one, a new draft built from the world's draft crossword's valid grid."""
    source = db.session.get(Crossword, crossword_id) if crossword_id else None
    if crossword_id is None:
        source = db.session.scalars(sa.select(Crossword).order_by(Crossword.id)).first()
    if source is None:  # an unknown id: the route answers 404 before reading the form
        return {}
    grid = source.grid
    form = {
        "version": str(source.version),
        "title": f"{source.title} (geändert)" if crossword_id else "Audit-Kreuzwort",
        "slug": source.slug if crossword_id else "audit-kreuzwort",
        "intro": source.intro,
        "points": str(source.points),
        "publish_at": _berlin(source.publish_at) if crossword_id else "",
        "closes_at": _berlin(source.closes_at) if crossword_id else "",
        "marked": format_marked(grid.marked),
        "solution_word": grid.solution_word(),
    }
    for index, entry in enumerate(grid.entries):
        form.update(
            {
                f"entries-{index}-answer": entry.answer,
                f"entries-{index}-clue": entry.clue,
                f"entries-{index}-row": str(entry.row + 1),
                f"entries-{index}-col": str(entry.col + 1),
                f"entries-{index}-direction": entry.direction.value,
            }
        )
    return form


def _berlin(moment) -> str:
    local = utc_to_berlin(moment)
    return local.strftime(BERLIN_FORMAT) if local is not None else ""


def plan_form(values: dict) -> dict:
    """Plan a draft or scheduled riddle (the one in the URL, else the first plannable one)
    a month after the frozen now, when nothing else is scheduled."""
    riddle_id = values.get("raetsel")
    if riddle_id is None:
        plannable = scheduling.plannable_riddles(NOW)
        riddle_id = plannable[0].id if plannable else 0
    publish_at = utc_to_berlin(NOW + timedelta(days=30 + riddle_id))
    assert publish_at is not None
    return {"riddle_id": str(riddle_id), "publish_at": publish_at.strftime(BERLIN_FORMAT)}


def picture_form(values: dict) -> dict:
    """A small PNG with its alt text and credit, for the first carrier of the owner's page
    (a fresh file each time: the test client reads it once)."""
    target = PICTURE_TARGETS[values["kind"]]
    out = io.BytesIO()
    Image.new("RGB", (400, 300), (40, 120, 200)).save(out, "PNG")
    out.seek(0)
    return {
        "ziel": target,
        f"{target}-picture": (out, "audit.png"),
        f"{target}-alt": "Ein blaues Rechteck als Platzhalter",
        f"{target}-credit": "Foto: Audit",
    }


def article_version(values: dict) -> dict:
    """An article's stored version (its edit form refuses any other)."""
    article = db.session.get(Article, values["article_id"])
    return {"version": str(article.version) if article is not None else ""}


# Per-request parts of desk forms, by endpoint: a function of the URL values.
COMPUTED_FORMS = {
    "desk.flow.plan": plan_form,
    "desk.articles.edit_article": article_version,
    "desk.quizzes.new_question": lambda values: question_form(values["kind"]),
    "desk.quizzes.edit_question": lambda values: dict(EDITED_QUESTION),
    "desk.crosswords.new": lambda values: crossword_form(None),
    "desk.crosswords.edit": lambda values: crossword_form(values["crossword_id"]),
    "desk.pictures.upload": picture_form,
    "desk.pictures.remove": lambda values: {"ziel": PICTURE_TARGETS[values["kind"]]},
}
