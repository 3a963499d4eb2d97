"""Quiz test factories: make_quiz(**kw) with one question of every kind by default."""

from __future__ import annotations

from datetime import timedelta
from itertools import count

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Quiz, QuizAnswer, QuizAttempt, QuizQuestion
from harzquiz.services.quiz_editing import QuestionSpec, build_question
from tests.factories import MONDAY, make_article

_serial = count(1)

# One question of each kind; every right answer and explanation is a unique, greppable word.
QUESTIONS = [
    {
        "kind": "single",
        "prompt": "Welcher Berg ist der höchste im Harz?",
        "choices": [("Wurmberg", False), ("Brocken", True), ("Achtermann", False)],
        "explanation": "Erklaerung-Einfach-111",
    },
    {
        "kind": "multiple",
        "prompt": "Welche Orte liegen im Harz?",
        "choices": [("Goslar", True), ("Hamburg", False), ("Thale", True), ("Kiel", False)],
        "explanation": "Erklaerung-Mehrfach-222",
    },
    {
        "kind": "true_false",
        "prompt": "Der Brocken ist höher als 1000 Meter.",
        "truth": True,
        "explanation": "Erklaerung-Wahr-333",
    },
    {
        "kind": "number",
        "prompt": "Wie viele Bürgermeister gründeten EinHarz?",
        "number": 73519,
        "tolerance": 2,
        "explanation": "Erklaerung-Zahl-444",
    },
    {
        "kind": "text",
        "prompt": "Wie heißt die Digitalisierungsoffensive?",
        "solution": "Quastenflosser",
        "alternatives": ["Latimeria"],
        "explanation": "Erklaerung-Text-555",
    },
]


def make_question(position: int, spec: dict) -> QuizQuestion:
    """A question from a spec like those in QUESTIONS."""
    return build_question(position, QuestionSpec.from_dict(spec))


def make_quiz(questions: list[dict] | None = None, **overrides) -> Quiz:
    """A live quiz on a new article (or `article_id`), with QUESTIONS unless given."""
    n = next(_serial)
    if "article_id" not in overrides:
        overrides["article_id"] = make_article().id
    values = {
        "slug": f"quiz-{n}",
        "title": f"Quiz {n}",
        "intro": "Fünf Fragen zum Harz.",
        "points_per_answer": 10,
        "publish_at": MONDAY,
        "closes_at": MONDAY + timedelta(days=7),
    }
    values.update(overrides)
    quiz = Quiz(**values)
    quiz.questions = [
        make_question(i, spec) for i, spec in enumerate(questions or QUESTIONS, start=1)
    ]
    db.session.add(quiz)
    db.session.commit()
    return quiz


def right_values(question: QuizQuestion) -> list[str]:
    """The form values of a right answer to `question`."""
    if question.kind in ("single", "multiple"):
        return [str(choice.id) for choice in question.choices if choice.correct]
    if question.kind == "true_false":
        return ["true" if question.truth else "false"]
    if question.kind == "number":
        return [str(int(question.number))]
    return [question.solution]


def wrong_values(question: QuizQuestion) -> list[str]:
    """The form values of a wrong answer to `question`."""
    if question.kind in ("single", "multiple"):
        return [str(next(choice.id for choice in question.choices if not choice.correct))]
    if question.kind == "true_false":
        return ["false" if question.truth else "true"]
    if question.kind == "number":
        return [str(int(question.number + question.tolerance + 1))]
    return ["Sonnenschirm"]


QUIZ_MODELS = (QuizAttempt, QuizAnswer)


def quiz_row_counts() -> dict[str, int]:
    """How many attempts and answers are stored (as committed by the requests)."""
    db.session.rollback()
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in QUIZ_MODELS
    }
