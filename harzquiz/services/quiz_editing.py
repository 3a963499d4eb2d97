"""Building quizzes: create and update them, add, reorder and remove questions and choices.

Once readers have answered a quiz, its questions and choices are frozen (points were
earned against them); title, intro and publish times stay editable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player, Quiz, QuizAnswer, QuizChoice, QuizQuestion
from harzquiz.rules.quiz import Kind, split_unit
from harzquiz.services import audit

MAX_CHOICES = 8


@dataclass(frozen=True)
class QuestionSpec:
    """An editor's new question, as entered (choices as (text, right) pairs)."""

    kind: Kind
    prompt: str
    explanation: str = ""
    choices: tuple[tuple[str, bool], ...] = ()
    truth: bool | None = None
    number: float | None = None
    tolerance: float = 0.0
    units: tuple[str, ...] = ()
    solution: str = ""
    alternatives: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_dict(cls, data: dict) -> QuestionSpec:
        """A spec from plain data (demo content, test factories)."""
        return cls(
            kind=Kind(data["kind"]),
            prompt=data["prompt"],
            explanation=data.get("explanation", ""),
            choices=tuple(data.get("choices", ())),
            truth=data.get("truth"),
            number=data.get("number"),
            tolerance=data.get("tolerance", 0.0),
            units=tuple(data.get("units", ())),
            solution=data.get("solution", ""),
            alternatives=tuple(data.get("alternatives", ())),
        )


MAX_UNITS = 10


def units_usable(units: tuple[str, ...]) -> bool:
    """Units a reader can type after a number: up to 10, each 1 to 20 characters and no
    digits (a unit must not be mistaken for part of the number)."""
    return len(units) <= MAX_UNITS and all(
        0 < len(unit) <= 20
        and not any(char.isdigit() for char in unit)
        and split_unit(f"1 {unit}") == (1.0, unit)
        for unit in units
    )


def question_problem(spec: QuestionSpec) -> str | None:
    """Why this question cannot be asked as entered, or None."""
    if not spec.prompt.strip():
        return "no_prompt"
    if spec.kind in (Kind.SINGLE, Kind.MULTIPLE):
        right = sum(1 for _text, is_right in spec.choices if is_right)
        if not 2 <= len(spec.choices) <= MAX_CHOICES:
            return "choice_count"
        if spec.kind is Kind.SINGLE and right != 1:
            return "single_right"
        if spec.kind is Kind.MULTIPLE and right < 1:
            return "multiple_right"
    if spec.kind is Kind.TRUE_FALSE and spec.truth is None:
        return "no_truth"
    if spec.kind is Kind.NUMBER and (spec.number is None or spec.tolerance < 0):
        return "no_number"
    if spec.kind is Kind.NUMBER and not units_usable(spec.units):
        return "bad_units"
    if spec.kind is Kind.TEXT and not spec.solution.strip():
        return "no_solution"
    return None


def _commit(quiz: Quiz | None = None, actor: Player | None = None, what: str = "") -> None:
    """Commit a quiz edit with its audit entry ("changed", `what` changed); its flush moves
    the content stamp (harzquiz.caching.listener)."""
    if quiz is not None:
        audit.record(actor, "changed", quiz, what)
    db.session.commit()


def has_answers(quiz: Quiz) -> bool:
    """Whether any reader has answered this quiz (its questions are then frozen)."""
    return (
        db.session.execute(
            sa.select(sa.func.count())
            .select_from(QuizAnswer)
            .join(QuizQuestion, QuizQuestion.id == QuizAnswer.question_id)
            .where(QuizQuestion.quiz_id == quiz.id)
        ).scalar_one()
        > 0
    )


def save_quiz(quiz: Quiz, actor: Player | None = None, **values) -> Quiz:
    """Create or update a quiz's title, intro, article, points and publish times (audited:
    which fields changed; a save that changes nothing writes no entry)."""
    created = quiz.id is None
    changed = [name for name, value in values.items() if getattr(quiz, name) != value]
    was_published = quiz.publish_at
    for name, value in values.items():
        setattr(quiz, name, value)
    db.session.add(quiz)
    if created or changed:
        audit.record(actor, "created" if created else "changed", quiz, ", ".join(changed))
    if quiz.publish_at is not None and quiz.publish_at != was_published:
        audit.record(actor, "published", quiz, quiz.publish_at.isoformat())
    _commit()
    return quiz


def build_question(position: int, spec: QuestionSpec) -> QuizQuestion:
    """A question row (with its choices) from a spec; only its kind's fields are kept."""
    question = QuizQuestion(
        position=position,
        kind=spec.kind.value,
        prompt=spec.prompt.strip(),
        explanation=spec.explanation.strip(),
        truth=spec.truth if spec.kind is Kind.TRUE_FALSE else None,
        number=spec.number if spec.kind is Kind.NUMBER else None,
        tolerance=spec.tolerance if spec.kind is Kind.NUMBER else 0.0,
        units=list(spec.units) if spec.kind is Kind.NUMBER else [],
        solution=spec.solution.strip() if spec.kind is Kind.TEXT else "",
        alternatives=list(spec.alternatives) if spec.kind is Kind.TEXT else [],
    )
    if spec.kind in (Kind.SINGLE, Kind.MULTIPLE):
        question.choices = [
            QuizChoice(position=n, text=text, correct=right)
            for n, (text, right) in enumerate(spec.choices, start=1)
        ]
    return question


def add_question(quiz: Quiz, spec: QuestionSpec, actor: Player | None = None) -> QuizQuestion:
    """Append a question (validated by question_problem first) at the end of the quiz."""
    position = max((q.position for q in quiz.questions), default=0) + 1
    question = build_question(position, spec)
    quiz.questions.append(question)
    _commit(quiz, actor, "questions")
    return question


def update_question(
    quiz: Quiz, question: QuizQuestion, spec: QuestionSpec, actor: Player | None
) -> None:
    """Replace a question's text, answers and explanation (validated by question_problem
    first; only before the first answer). Choices are updated in place by position."""
    built = build_question(question.position, spec)
    for name in ("prompt", "explanation", "truth", "number", "tolerance", "solution"):
        setattr(question, name, getattr(built, name))
    question.alternatives = list(built.alternatives)
    question.units = list(built.units)
    by_position = {choice.position: choice for choice in question.choices}
    for new in built.choices:
        old = by_position.pop(new.position, None)
        if old is None:
            question.choices.append(
                QuizChoice(position=new.position, text=new.text, correct=new.correct)
            )
        else:
            old.text, old.correct = new.text, new.correct
    for surplus in by_position.values():
        question.choices.remove(surplus)
    audit.record(actor, "changed", quiz, f"question {question.position}")
    _commit()


def _swap(items: list, index: int, delta: int, audited: tuple = ()) -> bool:
    """Swap the positions of items[index] and its neighbour; False at either end."""
    other = index + delta
    if not 0 <= other < len(items):
        return False
    first, second = items[index], items[other]
    first_position, second_position = first.position, second.position
    # One row at a time: the unique (parent, position) pair must hold after every UPDATE.
    first.position = -1
    db.session.flush()
    second.position = first_position
    db.session.flush()
    first.position = second_position
    _commit(*audited)
    return True


def move_question(
    quiz: Quiz, question: QuizQuestion, delta: int, actor: Player | None = None
) -> bool:
    """Move a question one place up (-1) or down (+1)."""
    index = quiz.questions.index(question)
    moved = _swap(list(quiz.questions), index, delta, (quiz, actor, "question_order"))
    db.session.expire(quiz, ["questions"])  # objects outlive commits: reload in new order
    return moved


def remove_question(quiz: Quiz, question: QuizQuestion, actor: Player | None = None) -> None:
    """Delete a question and its choices."""
    quiz.questions.remove(question)
    _commit(quiz, actor, "questions")


def add_choice(
    question: QuizQuestion, text: str, right: bool, actor: Player | None = None
) -> str | None:
    """Append a choice; returns a problem code instead when it cannot be added."""
    if not text.strip():
        return "no_text"
    if len(question.choices) >= MAX_CHOICES:
        return "choice_count"
    position = max((c.position for c in question.choices), default=0) + 1
    if right and question.kind == Kind.SINGLE.value:
        for choice in question.choices:
            choice.correct = False  # a single-choice question has exactly one right choice
    question.choices.append(QuizChoice(position=position, text=text.strip(), correct=right))
    _commit(question.quiz, actor, "choices")
    return None


def move_choice(
    question: QuizQuestion, choice: QuizChoice, delta: int, actor: Player | None = None
) -> bool:
    """Move a choice one place up (-1) or down (+1)."""
    index = question.choices.index(choice)
    moved = _swap(list(question.choices), index, delta, (question.quiz, actor, "choice_order"))
    db.session.expire(question, ["choices"])  # objects outlive commits: reload in new order
    return moved


def remove_choice(
    question: QuizQuestion, choice: QuizChoice, actor: Player | None = None
) -> str | None:
    """Delete a choice unless the question would be left unanswerable."""
    rest = [c for c in question.choices if c is not choice]
    if len(rest) < 2:
        return "choice_count"
    if not any(c.correct for c in rest):
        return "single_right" if question.kind == Kind.SINGLE.value else "multiple_right"
    question.choices.remove(choice)
    _commit(question.quiz, actor, "choices")
    return None


def publish_window_problem(publish_at: datetime | None, closes_at: datetime | None) -> str | None:
    """Why these publish times do not make sense together, or None."""
    if closes_at is not None and publish_at is None:
        return "close_without_publish"
    if publish_at is not None and closes_at is not None and closes_at <= publish_at:
        return "closes_before_publish"
    return None
