"""The quiz's view model: a question's right answer is in it only once the player answered.

Templates get `QuestionView`s (prompt and choices, no correctness) for questions still to
answer and `AnsweredView`s (with the right answer and explanation) only for questions the
player answered in the current attempt; that decision is made here, not in a template.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from harzquiz.models import Player, Quiz, QuizQuestion
from harzquiz.rules.lifecycle import Status
from harzquiz.rules.quiz import Kind, share_grid
from harzquiz.services.quiz_play import SHOWN, GivenAnswer, QuizProgress, load_progress
from harzquiz.web.pictures import PictureView, picture_view


@dataclass(frozen=True)
class ChoiceView:
    """A choice as a reader sees it before answering: no hint whether it is right."""

    id: int
    text: str


@dataclass(frozen=True)
class QuestionView:
    """A question to answer: its number in the quiz, kind, prompt and choices."""

    id: int
    number: int
    kind: str
    prompt: str
    choices: tuple[ChoiceView, ...]
    picture: PictureView | None = None  # part of the question: shown with the prompt


@dataclass(frozen=True)
class AnsweredView:
    """An answered question: the player's answer, the right one, and the explanation."""

    question: QuestionView
    given: GivenAnswer
    given_text: str  # the player's answer as words ("Ja", "18", choice texts)
    right_text: str  # the right answer as words
    correct_choice_ids: frozenset[int]
    given_choice_ids: frozenset[int]
    explanation: str

    @property
    def shown(self) -> bool:
        """Not answered: the player chose "Antworten zeigen" (0 points, the round is over)."""
        return self.given.response == SHOWN


@dataclass(frozen=True)
class QuizView:
    """Everything the quiz templates render for one player at one moment."""

    slug: str
    title: str
    intro: str
    article_slug: str
    article_title: str
    status: Status
    total: int
    points_per_answer: int
    progress: QuizProgress
    mode: str  # question | feedback | result | empty
    attempt: int  # the attempt the question form answers in
    question: QuestionView | None = None
    # feedback mode: the answered question and its number (`answered` is built from them)
    feedback: tuple[QuizQuestion, int] | None = None
    results: tuple[AnsweredView, ...] = ()  # result mode

    @cached_property
    def answered(self) -> AnsweredView | None:
        """Feedback mode: the answer given, with the right one (built only when rendered:
        a kept feedback needs only the question's id and the answer, web/kept_parts.py)."""
        if self.feedback is None:
            return None
        question, number = self.feedback
        return _answered_view(question, number, self.progress.answers[question.id])

    @property
    def practice(self) -> bool:
        """Answers in this attempt earn no points (a later round, or the quiz has closed)."""
        return not self.progress.counts(self.attempt)

    @property
    def answered_count(self) -> int:
        """How many questions of the current attempt are answered."""
        return len(self.progress.answers) if self.attempt == self.progress.attempt else 0

    @property
    def correct_count(self) -> int:
        """Right answers in the current attempt."""
        if self.attempt != self.progress.attempt:
            return 0
        return sum(1 for answer in self.progress.answers.values() if answer.correct)

    @property
    def attempt_points(self) -> int:
        """Points the current attempt earned."""
        if self.attempt != self.progress.attempt:
            return 0
        return sum(answer.points for answer in self.progress.answers.values())

    @property
    def grid(self) -> str:
        """The spoiler-free squares of the current attempt, one per question."""
        answers = self.progress.answers if self.attempt == self.progress.attempt else {}
        return share_grid(
            [answers[qid].correct if qid in answers else None for qid in self.progress.question_ids]
        )


def _question_view(question: QuizQuestion, number: int) -> QuestionView:
    return QuestionView(
        id=question.id,
        number=number,
        kind=question.kind,
        prompt=question.prompt,
        choices=tuple(ChoiceView(choice.id, choice.text) for choice in question.choices),
        picture=picture_view(question.picture),
    )


def _number_text(value: float | None) -> str:
    return "" if value is None else format_decimal(value, format="#,##0.###")


def _answered_view(question: QuizQuestion, number: int, given: GivenAnswer) -> AnsweredView:
    """The right answer in words, decided here because the player has answered."""
    kind = Kind(question.kind)
    correct_ids = frozenset(c.id for c in question.choices if c.correct)
    given_ids: frozenset[int] = frozenset()
    shown = given.response == SHOWN
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        given_ids = frozenset(int(part) for part in given.response.split(",") if part)
        given_text = ", ".join(c.text for c in question.choices if c.id in given_ids)
        right_text = ", ".join(c.text for c in question.choices if c.correct)
    elif kind is Kind.TRUE_FALSE:
        words = {True: _("Stimmt"), False: _("Stimmt nicht")}
        given_text = "" if shown else words[given.response == "true"]
        right_text = words[bool(question.truth)]
    elif kind is Kind.NUMBER:
        # Stored as the number, then the unit the reader typed, if any ("1141 m").
        value, _space, unit = given.response.partition(" ")
        given_text = "" if shown else f"{_number_text(float(value))} {unit}".strip()
        right_text = f"{_number_text(question.number)} {(question.units or [''])[0]}".strip()
        if question.tolerance:
            right_text = _(
                "%(number)s (gezählt wird ±%(tolerance)s)",
                number=right_text,
                tolerance=_number_text(question.tolerance),
            )
    else:
        given_text, right_text = given.response, question.solution
    if shown:
        given_text = _("nicht beantwortet (Antworten angezeigt)")
    return AnsweredView(
        question=_question_view(question, number),
        given=given,
        given_text=given_text,
        right_text=right_text,
        correct_choice_ids=correct_ids,
        given_choice_ids=given_ids,
        explanation=question.explanation,
    )


def build_quiz_view(
    quiz: Quiz,
    player: Player | None,
    now: datetime,
    new_round: bool = False,
    feedback_for: int | None = None,
    progress: QuizProgress | None = None,
) -> QuizView:
    """Decide what this player sees: the next question, one answer's feedback, or the result.

    `feedback_for` asks for the feedback of a question; it is shown only if the player
    answered it in the current attempt (else the quiz resumes). `new_round` starts a
    practice round once an attempt is finished. `progress` is the player's progress when
    the caller has it (an answer's, derived under the player lock), else it is read.
    """
    progress = progress or load_progress(quiz, player, now)
    numbered = {question.id: (n, question) for n, question in enumerate(quiz.questions, 1)}
    base: dict[str, Any] = dict(
        slug=quiz.slug,
        title=quiz.title,
        intro=quiz.intro,
        article_slug=quiz.article.slug,
        article_title=quiz.article.title,
        status=progress.status,
        total=len(quiz.questions),
        points_per_answer=quiz.points_per_answer,
        progress=progress,
    )
    if not quiz.questions:
        return QuizView(**base, mode="empty", attempt=progress.open_attempt)
    if feedback_for in progress.answers:
        number, question = numbered[feedback_for]
        return QuizView(
            **base, mode="feedback", attempt=progress.attempt, feedback=(question, number)
        )
    if progress.finished and not new_round:
        results = tuple(
            _answered_view(question, number, progress.answers[qid])
            for qid, (number, question) in numbered.items()
        )
        return QuizView(**base, mode="result", attempt=progress.attempt, results=results)
    attempt = progress.open_attempt
    answers = progress.answers if attempt == progress.attempt else {}
    next_id = next(qid for qid in progress.question_ids if qid not in answers)
    number, question = numbered[next_id]
    return QuizView(
        **base, mode="question", attempt=attempt, question=_question_view(question, number)
    )


def stage_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """What an answer's feedback (templates/quizzes/_stage.html) is rendered from, or None
    (render it): the question (its text comes with the content stamp), the answer given,
    how far the round is, and the language. Every player who gives the same wrong answer
    to a question at the same point of a round gets the same HTML (web/kept_parts.py)."""
    view = context.get("view")
    if not isinstance(view, QuizView) or view.feedback is None or context.get("confirming"):
        return None
    question_id = view.feedback[0].id
    return (
        view.slug,
        question_id,
        view.progress.answers[question_id],
        view.practice,
        view.answered_count,
        view.total,
        view.progress.finished,
        context.get("focus"),
        context.get("current_locale"),
    )


def share_text(view: QuizView, site_name: str, url: str, listed: bool = True) -> str:
    """What a reader shares: score and squares, no question and no answer (and, for a
    player who is not on the boards, how to get there: docs/rules.md "Who ranks")."""
    headline = _(
        "Quiz „%(title)s“ bei %(site)s – %(correct)s/%(total)s richtig",
        site=site_name,
        title=view.title,
        correct=view.correct_count,
        total=view.total,
    )
    if not listed:
        unranked = _(
            "Noch nicht in der Rangliste – mit einem Konto bei %(site)s zählen die Punkte.",
            site=site_name,
        )
        return f"{headline}\n{view.grid}\n{unranked}\n{url}"
    return f"{headline}\n{view.grid}\n{url}"


def quiz_card_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """Everything the quiz card beside an article shows (templates/quizzes/_widget.html):
    the quiz, and how far the reader got: not started, at question n, or their result.
    Most readers of an article are in one of a few such states (caching.shells)."""
    card = context.get("quiz_card")
    if not isinstance(card, QuizView):
        return None
    if card.mode == "result":
        standing: Hashable = ("result", card.correct_count, card.grid)
    else:
        standing = ("at", card.answered_count)
    return (
        card.slug,
        card.title,
        card.intro,
        card.total,
        card.points_per_answer,
        standing,
        context.get("current_locale"),
    )
