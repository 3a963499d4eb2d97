"""No question's right answer reaches the reader before they answered that question.

For every question kind: the reader answers the questions before it, then every response
they can get (pages, htmx partials, refused answers; body, headers and the decoded session
cookie) is checked twice:
- no secret text (explanation, free-text solutions, the number in any spelling) appears;
- changing what is right (flipping choices, truth, number, solution, explanation) of the
  questions not answered yet changes no response at all: the responses carry no
  information about those answers, markers or ids included.
"""

from __future__ import annotations

import re

import pytest

from harzquiz.extensions import db
from harzquiz.models import Quiz
from tests.database import base_config
from tests.helpers import text_of
from tests.quiz_factories import QUESTIONS, make_quiz, right_values, wrong_values
from tests.quiz_helpers import HTMX_QUIZ, QuizReader
from tests.web.test_no_solution_leak import session_payloads

SLUG = "leak-quiz"
# What each question (by position in QUESTIONS) must keep secret, in every spelling.
SECRETS = {
    0: ["Erklaerung-Einfach-111"],
    1: ["Erklaerung-Mehrfach-222"],
    2: ["Erklaerung-Wahr-333"],
    3: ["Erklaerung-Zahl-444", "73519", "73.519", "73,519", "73 519", "73\u202f519"],
    4: ["Erklaerung-Text-555", "Quastenflosser", "Latimeria"],
}
CSRF_VALUE = re.compile(r'(name="csrf_token" value=|"X-CSRFToken": ")"?[^"]+"')


@pytest.fixture
def app_config() -> dict:
    """Limits out of the way: the test sends every refused answer three times."""
    return {**base_config(), "QUIZ_ANSWER_LIMIT_PER_PLAYER": "1000/minute"}


@pytest.fixture
def quiz(app) -> Quiz:
    return make_quiz(slug=SLUG)


def normalised(response) -> str:
    """Everything a response tells its reader; masked: the CSRF token's time-stamped
    signature, the cookie's expiry (its payload is decoded), the rate-limit counters and the
    per-request id."""
    body = CSRF_VALUE.sub(r"\1CSRF", text_of(response))
    headers = sorted(
        f"{name}: {value}"
        for name, value in response.headers.items()
        if name not in ("Set-Cookie", "Content-Length", "Retry-After", "X-Request-ID")
        and not name.startswith("X-RateLimit")
    )
    return "\n".join([str(response.status_code), *headers, body, session_payloads(response)])


def responses(player: QuizReader, quiz: Quiz, upcoming: list) -> dict[str, str]:
    """Every response the reader can get now without changing their state."""
    client = player.client
    paths = [
        f"/quiz/{SLUG}",
        f"/quiz/{SLUG}?neu=1",
        *(f"/quiz/{SLUG}/antwort/{question.id}" for question in player.questions()),
        f"/artikel/{quiz.article.slug}",
        "/rangliste",
        "/",
    ]
    seen = {}
    for path in paths:
        for label, headers in (("page", {}), ("htmx", HTMX_QUIZ)):
            seen[f"GET {path} {label}"] = normalised(client.get(path, headers=headers))
    if upcoming:
        current, attempt = player.form()
        bad = {
            "empty": {"frage": str(current), "versuch": str(attempt)},
            "stale": {"frage": str(current), "versuch": str(attempt + 1), "antwort": "1"},
            "tampered": {"frage": str(current), "versuch": str(attempt), "antwort": ["x", "y"]},
        }
        if len(upcoming) > 1:
            last = upcoming[-1]
            bad["not reached"] = {
                "frage": str(last.id),
                "versuch": str(attempt),
                "antwort": right_values(last),
            }
        for name, data in bad.items():
            for htmx in (True, False):
                response = player.post(data, htmx=htmx)
                assert response.status_code in (409, 422), name
                seen[f"POST {name} htmx={htmx}"] = normalised(response)
    return seen


def assert_no_secret(seen: dict[str, str], secrets: list[str]) -> None:
    for what, text in seen.items():
        found = [secret for secret in secrets if secret.casefold() in text.casefold()]
        assert not found, f"{what} leaks {found}"


def change_what_is_right(quiz_id: int, positions: set[int]) -> None:
    """Flip every right answer of the questions at these positions (choice ids stay)."""
    db.session.rollback()
    for question in db.session.get(Quiz, quiz_id).questions:
        if question.position not in positions:
            continue
        question.explanation = "Ganz andere Begruendung"
        if question.kind == "single":
            flags = [choice.correct for choice in question.choices]
            for choice, flag in zip(question.choices, flags[-1:] + flags[:-1], strict=True):
                choice.correct = flag  # the right choice moves to another one
        elif question.kind == "multiple":
            for choice in question.choices:
                choice.correct = not choice.correct
        elif question.kind == "true_false":
            question.truth = not question.truth
        elif question.kind == "number":
            question.number, question.tolerance = 4242.0, 7.0
        else:
            question.solution, question.alternatives = "Anderswort", ["Zweitwort"]
    db.session.commit()


@pytest.mark.parametrize("answered", range(len(QUESTIONS)), ids=[q["kind"] for q in QUESTIONS])
@pytest.mark.parametrize("rightly", [True, False], ids=["right-so-far", "wrong-so-far"])
def test_nothing_of_an_unanswered_question_leaks(app, client, quiz, answered, rightly):
    player = QuizReader(client, quiz)
    questions = player.questions()
    for index, question in enumerate(questions[:answered]):
        values = right_values(question) if rightly else wrong_values(question)
        response = player.answer(values, htmx=index % 2 == 0, follow_redirects=index % 2 == 1)
        assert response.status_code == 200
        # The answer's own feedback shows its explanation: the detector is not blind ...
        assert all(s in text_of(response) for s in SECRETS[index][:1])
        # ... and nothing of a later question.
        assert_no_secret(
            {f"answer {index}": normalised(response)},
            [s for k in range(index + 1, len(QUESTIONS)) for s in SECRETS[k]],
        )
    upcoming = questions[answered:]
    secret = [s for k in range(answered, len(QUESTIONS)) for s in SECRETS[k]]
    responses(player, quiz, upcoming)  # first requests create the CSRF secret and rate key
    before = responses(player, quiz, upcoming)
    assert_no_secret(before, secret)
    change_what_is_right(quiz.id, {question.position for question in upcoming})
    after = responses(player, quiz, upcoming)
    differing = [what for what in before if before[what] != after[what]]
    assert not differing, f"these responses depend on unanswered answers: {differing}"


def test_a_finished_reader_sees_everything_and_a_new_one_nothing(app, client, quiz):
    player = QuizReader(client, quiz)
    for question in player.questions():
        player.answer(wrong_values(question))
    result = text_of(player.open())
    assert all(SECRETS[k][0] in result for k in SECRETS)  # every explanation
    assert "73.519" in result and "Quastenflosser" in result
    newcomer = QuizReader(app.test_client(), quiz)
    assert_no_secret(
        responses(newcomer, quiz, newcomer.questions()),
        [s for k in SECRETS for s in SECRETS[k]],
    )
