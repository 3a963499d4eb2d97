"""Every refusal a reader can meet has its own message where it is rendered."""

from __future__ import annotations

import pytest
from flask import render_template

from harzquiz.rules.refusals import Refusal

FALLBACK = "Bitte versuche es noch einmal."

# What each surface can answer with a message (others are 404s or a plain "try again").
RIDDLE = [
    Refusal.EMPTY,
    Refusal.TOO_LONG,
    Refusal.MARKUP,
    Refusal.INVALID,
    Refusal.RATE_LIMITED,
    Refusal.CLOSED,
    Refusal.SOLVED,
    Refusal.REVEALED,
    Refusal.HINT_ORDER,
    Refusal.CSRF,
]
QUIZ = [
    Refusal.EMPTY,
    Refusal.ONE_CHOICE,
    Refusal.FOREIGN_CHOICE,
    Refusal.NOT_A_NUMBER,
    Refusal.TOO_LONG,
    Refusal.MARKUP,
    Refusal.INVALID,
    Refusal.TAMPERED,
    Refusal.UNKNOWN_QUESTION,
    Refusal.ANSWERED,
    Refusal.NOT_REACHED,
    Refusal.STALE,
    Refusal.UNPUBLISHED,
    Refusal.RATE_LIMITED,
    Refusal.CSRF,
]


def _riddle_feedback(error) -> str:
    feedback = {"slug": "s", "verdict": "error", "error": error, "guess": "", "attempts": 0}
    return render_template("riddles/_feedback.html", feedback=feedback)


@pytest.mark.parametrize("refusal", RIDDLE)
def test_riddle_refusals_have_their_own_message(app, refusal):
    with app.test_request_context():
        html = _riddle_feedback(refusal)
        # after the session round trip the code is plain text: same message
        assert _riddle_feedback(str(refusal.value)) == html
    assert FALLBACK not in html


@pytest.mark.parametrize("refusal", QUIZ)
def test_quiz_refusals_have_their_own_message(app, refusal):
    with app.test_request_context():
        html = render_template("quizzes/_alert.html", error=refusal, slug="q")
    assert FALLBACK not in html
    assert f'data-error="{refusal.value}"' in html


def test_the_messages_differ(app):
    with app.test_request_context():
        riddle = {_riddle_feedback(refusal) for refusal in RIDDLE}
        quiz = {render_template("quizzes/_alert.html", error=r, slug="q") for r in QUIZ}
    assert len(riddle) == len(RIDDLE)
    assert len(quiz) == len(QUIZ)
