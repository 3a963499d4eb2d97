"""Bad quiz answers: each gets a clear message and the right status, and nothing is stored."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.clients import Reader
from tests.database import base_config
from tests.factories import NOW, make_riddle
from tests.helpers import assert_error_feedback, row_counts, text_of
from tests.quiz_factories import QUESTIONS, make_quiz, quiz_row_counts, right_values, wrong_values
from tests.quiz_helpers import QuizReader

BOTH = pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "form"])


@pytest.fixture
def quiz(app):
    return make_quiz(slug="harz-quiz")


@pytest.fixture
def player(client, quiz):
    return QuizReader(client, quiz)


def stored() -> dict:
    return {**quiz_row_counts(), **row_counts()}


def refused(response, htmx: bool, status: int, message: str) -> str:
    """The refusal in the quiz's alert region (htmx: retargeted there), or on the whole page."""
    body = assert_error_feedback(response, htmx, status, message)
    if htmx:
        assert response.headers["HX-Retarget"] == "#quiz-harz-quiz-alert"
        assert response.headers["HX-Reswap"] == "innerHTML"
        assert "HX-Trigger" not in response.headers
    else:
        assert 'id="quiz-harz-quiz-alert"' in body  # the page, with the quiz where it was
        assert 'name="frage"' in body
    return body


@BOTH
def test_a_choice_of_another_question(player, htmx):
    questions = player.questions()
    foreign = str(questions[1].choices[0].id)  # the second question's choice, on the first
    before = stored()
    response = player.answer([foreign], htmx=htmx)
    refused(response, htmx, 422, "Diese Antwort gehört nicht zu dieser Frage.")
    assert stored() == before


@BOTH
def test_an_answer_to_a_question_not_reached_yet(player, htmx):
    questions = player.questions()
    before = stored()
    response = player.answer(right_values(questions[2]), htmx=htmx, question=questions[2].id)
    refused(response, htmx, 409, "So weit bist du noch nicht")
    assert stored() == before


@BOTH
def test_a_double_submit_keeps_the_first_answer(player, htmx):
    first = player.questions()[0]
    assert player.answer(wrong_values(first), htmx=htmx).status_code in (200, 303)
    after_first = stored()
    assert after_first["QuizAnswer"] == 1
    again = player.post(
        {"frage": str(first.id), "versuch": "1", "antwort": right_values(first)}, htmx=htmx
    )
    refused(again, htmx, 409, "Diese Frage hast du schon beantwortet – deine erste Antwort zählt.")
    assert stored() == after_first
    assert "Erklaerung-Einfach-111" not in text_of(again)  # the refusal is no feedback


@BOTH
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"frage": "abc", "versuch": "1", "antwort": "1"}, "Diese Antwort passt nicht zum Quiz."),
        ({"versuch": "1", "antwort": "1"}, "Diese Antwort passt nicht zum Quiz."),
        ({"frage": "FIRST", "antwort": "1"}, "Diese Antwort passt nicht zum Quiz."),
        ({"frage": "FIRST", "versuch": "-1", "antwort": "1"}, "Diese Antwort passt nicht"),
        ({"frage": "FIRST", "versuch": "1", "antwort": "zwei"}, "Diese Antwort passt nicht"),
        ({"frage": "FIRST", "versuch": "1", "antwort": ""}, "Bitte wähle oder gib eine Antwort"),
        ({"frage": "FIRST", "versuch": "1"}, "Bitte wähle oder gib eine Antwort"),
        ({"frage": "FIRST", "versuch": "1", "antwort": ["CHOICE1", "CHOICE2"]}, "nur eine Antwort"),
        ({"frage": "999999", "versuch": "1", "antwort": "1"}, "Diese Antwort passt nicht"),
        ({"frage": "9" * 40, "versuch": "1", "antwort": "1"}, "Diese Antwort passt nicht"),
    ],
)
def test_a_tampered_form(player, htmx, data, message):
    first = player.questions()[0]
    ids = [str(choice.id) for choice in first.choices]
    data = {
        key: (
            [v.replace("CHOICE1", ids[0]).replace("CHOICE2", ids[1]) for v in value]
            if isinstance(value, list)
            else value.replace("FIRST", str(first.id))
        )
        for key, value in data.items()
    }
    before = stored()
    refused(player.post(data, htmx=htmx), htmx, 422, message)
    assert stored() == before


@BOTH
def test_a_question_of_another_quiz(player, htmx):
    other = make_quiz().questions[0]
    before = stored()
    response = player.post(
        {"frage": str(other.id), "versuch": "1", "antwort": right_values(other)}, htmx=htmx
    )
    refused(response, htmx, 422, "Diese Antwort passt nicht zum Quiz.")
    assert stored() == before


@BOTH
def test_a_form_of_an_earlier_round(player, htmx):
    for question in player.questions():
        player.answer(right_values(question))
    player.query = "?neu=1"
    player.answer(right_values(player.questions()[0]))  # the practice round has begun
    before = stored()
    second = player.questions()[1]
    response = player.post(
        {"frage": str(second.id), "versuch": "3", "antwort": right_values(second)}, htmx=htmx
    )
    refused(response, htmx, 409, "Diese Seite ist veraltet")
    assert stored() == before


@BOTH
@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("true_false", ["vielleicht"], "Diese Antwort passt nicht zum Quiz."),
        ("number", ["achtzehn"], "Bitte gib eine Zahl ein"),
        ("text", ["x" * 201], "Deine Antwort ist zu lang"),
        ("text", ["<b>Quastenflosser</b>"], "Bitte keine spitzen Klammern"),
        ("multiple", [], "Bitte wähle oder gib eine Antwort ein."),
    ],
)
def test_malformed_answers_of_each_kind(app, client, htmx, kind, values, message):
    quiz = make_quiz(
        slug="harz-quiz",
        questions=[spec for spec in QUESTIONS if spec["kind"] == kind],
    )
    player = QuizReader(client, quiz)
    before = stored()
    refused(player.answer(values, htmx=htmx), htmx, 422, message)
    assert stored() == before


@BOTH
@pytest.mark.parametrize(
    "times",
    [(None, None), (NOW + timedelta(days=1), NOW + timedelta(days=8))],
    ids=["draft", "scheduled"],
)
def test_an_answer_to_an_unpublished_quiz(app, client, htmx, times):
    live = QuizReader(client, make_quiz())
    live.open()  # for a CSRF token
    hidden_quiz = make_quiz(publish_at=times[0], closes_at=times[1])
    question = hidden_quiz.questions[0]
    before = stored()
    live.slug = hidden_quiz.slug
    response = live.post(
        {"frage": str(question.id), "versuch": "1", "antwort": right_values(question)}, htmx=htmx
    )
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht (mehr)." in text_of(response)
    assert "Erklaerung" not in text_of(response)
    assert stored() == before


@BOTH
@pytest.mark.parametrize("token", [None, "forged"])
def test_an_answer_without_a_valid_csrf_token(player, client, htmx, token):
    first = player.questions()[0]
    before = stored()
    data = {"frage": str(first.id), "versuch": "1", "antwort": right_values(first)}
    if token:
        data["csrf_token"] = token
    response = client.post(
        "/quiz/harz-quiz/antworten", data=data, headers={"HX-Request": "true"} if htmx else {}
    )
    refused(response, htmx, 400, "Deine Sitzung ist abgelaufen.")
    assert stored() == before


class TestRateLimit:
    @pytest.fixture
    def app_config(self):
        return {**base_config(), "QUIZ_ANSWER_LIMIT_PER_PLAYER": "3/minute"}

    @BOTH
    def test_the_fourth_answer_in_a_minute_is_limited(self, player, htmx):
        questions = player.questions()
        for question in questions[:3]:
            assert player.answer(right_values(question), htmx=htmx).status_code in (200, 303)
        before = stored()
        response = player.answer(right_values(questions[3]), htmx=htmx)
        refused(response, htmx, 429, "Zu viele Antworten in kurzer Zeit.")
        assert stored() == before

    def test_quiz_answers_do_not_use_up_riddle_guesses(self, player, app):
        riddle = make_riddle()
        for question in player.questions()[:3]:
            player.answer(right_values(question))
        reader = Reader(player.client)
        reader.open("/")
        assert reader.guess(riddle.slug, "Boje").status_code == 200


class TestRateLimitPerAddress:
    @pytest.fixture
    def app_config(self):
        return {**base_config(), "QUIZ_ANSWER_LIMIT_PER_IP": "2/minute"}

    def test_two_players_share_the_address_limit(self, app, quiz):
        first, second = (QuizReader(app.test_client(), quiz) for _ in range(2))
        question = first.questions()[0]
        assert first.answer(right_values(question)).status_code == 200
        assert second.answer(right_values(question)).status_code == 200
        before = stored()
        refused(first.answer(right_values(first.questions()[1])), True, 429, "Zu viele Antworten")
        assert stored() == before
