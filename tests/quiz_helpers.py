"""A browser-less quiz player for web tests: reads the question form, posts answers."""

from __future__ import annotations

import re

from harzquiz.extensions import db
from harzquiz.models import Quiz, QuizQuestion
from tests.clients import csrf_token_from
from tests.helpers import text_of

HTMX_QUIZ = {"HX-Request": "true"}


def hidden(html: str, name: str) -> str | None:
    """The value of a hidden input in a rendered form."""
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    return match.group(1) if match else None


def progress_text(html: str) -> str:
    """The "Frage n von N" line of a quiz stage."""
    match = re.search(r'class="quiz-progress__text"[^>]*>([^<]+)<', html)
    assert match, "no progress line"
    return match.group(1).strip()


def result_of(html: str) -> str | None:
    """data-result of the feedback shown (right | wrong), or None."""
    found = re.findall(r'data-result="(\w+)"', html)
    assert len(found) <= 1
    return found[0] if found else None


class QuizReader:
    """A reader playing one quiz with their own cookies."""

    def __init__(self, client, quiz: Quiz):
        self.client = client
        self.slug = quiz.slug
        self.quiz_id = quiz.id
        self.token: str | None = None
        self.query = ""  # "?neu=1" while starting a practice round (mid-round it resumes)

    @property
    def path(self) -> str:
        return f"/quiz/{self.slug}"

    def questions(self) -> list[QuizQuestion]:
        """The quiz's questions, freshly read."""
        db.session.rollback()
        return list(db.session.get(Quiz, self.quiz_id).questions)

    def open(self, query: str = "", htmx: bool = False):
        """GET the quiz page (or its stage for htmx); remembers the CSRF token."""
        response = self.client.get(self.path + query, headers=HTMX_QUIZ if htmx else {})
        body = text_of(response)
        if 'name="csrf_token"' in body:
            self.token = csrf_token_from(body)
        return response

    def form(self) -> tuple[int, int]:
        """(question id, attempt) of the question the page asks now."""
        body = text_of(self.open(self.query))
        question, attempt = hidden(body, "frage"), hidden(body, "versuch")
        assert question and attempt, "the page shows no question form"
        return int(question), int(attempt)

    def post(self, data: dict, htmx: bool = True, **kwargs):
        """POST the answer form as htmx or as a plain form."""
        if self.token is None:
            self.open()
        return self.client.post(
            f"{self.path}/antworten",
            data={"csrf_token": self.token, **data},
            headers=HTMX_QUIZ if htmx else {},
            **kwargs,
        )

    def answer(
        self,
        values: list[str],
        htmx: bool = True,
        question: int | None = None,
        attempt: int | None = None,
        **kwargs,
    ):
        """Answer the current question (or the given one) with `values`."""
        current, current_attempt = self.form()
        data = {
            "frage": str(question if question is not None else current),
            "versuch": str(attempt if attempt is not None else current_attempt),
            "antwort": values,
        }
        return self.post(data, htmx=htmx, **kwargs)

    def current_question(self) -> QuizQuestion:
        """The question the page asks now."""
        question_id, _ = self.form()
        return next(q for q in self.questions() if q.id == question_id)
