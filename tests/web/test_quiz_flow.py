"""The reader's quiz: one question at a time, feedback, result, resume, practice, points."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player, QuizAnswer, QuizAttempt
from tests.factories import MONDAY, NOW, make_player, make_riddle, make_solve
from tests.helpers import is_partial, text_of
from tests.quiz_factories import make_quiz, quiz_row_counts, right_values, wrong_values
from tests.quiz_helpers import QuizReader, hidden, progress_text, result_of
from tests.web.test_leaderboard import lines

# Right, wrong, right, right, wrong: 3 of 5, 30 points.
PLAN = [True, False, True, True, False]


@pytest.fixture
def quiz(app):
    return make_quiz(slug="harz-quiz")


@pytest.fixture
def player(client, quiz):
    return QuizReader(client, quiz)


def play(player: QuizReader, plan=PLAN, htmx: bool = True) -> list:
    """Answer every question by the plan; returns the answer responses."""
    responses = []
    for right in plan:
        question = player.current_question()
        values = right_values(question) if right else wrong_values(question)
        responses.append(player.answer(values, htmx=htmx))
    return responses


def own_points(client, period: str = "woche") -> int | None:
    own = [line for line in lines(text_of(client.get(f"/rangliste?zeitraum={period}"))) if line.own]
    return own[0].points if own else None


def test_a_new_reader_sees_the_intro_and_the_first_question(player):
    body = text_of(player.open())
    assert "Fünf Fragen zum Harz." in body
    assert progress_text(body) == "Frage 1 von 5"
    assert '<progress max="5" value="0"' in body
    assert "Welcher Berg ist der höchste im Harz?" in body
    assert hidden(body, "versuch") == "1"
    assert quiz_row_counts() == {"QuizAttempt": 0, "QuizAnswer": 0}  # looking stores nothing


def test_playing_with_htmx_gives_feedback_per_question_and_a_result(player, client):
    responses = play(player)
    for response, right in zip(responses, PLAN, strict=True):
        body = text_of(response)
        assert response.status_code == 200
        assert is_partial(body)
        assert result_of(body) == ("right" if right else "wrong")
        assert "Erklaerung-" in body  # the explanation comes with the feedback
        assert "data-focus-after-swap" in body
        assert response.headers.get("HX-Trigger") == ("leaderboard-changed" if right else None)
        assert "HX-Request" in response.headers.get("Vary", "")
    assert "Zum Ergebnis" in text_of(responses[-1])
    assert "Nächste Frage" in text_of(responses[0])
    result = text_of(player.open())
    assert "3 von 5 richtig" in result
    assert "Dafür bekommst du 30 Punkte in der Rangliste." in result
    assert "🟩🟥🟩🟩🟥" in result
    for secret in ("Brocken", "Quastenflosser", "73.519", "Erklaerung-Text-555"):
        assert secret in result  # the result shows every right answer and explanation
    assert own_points(client) == 30


def test_the_share_text_is_spoiler_free(player):
    play(player)
    body = text_of(player.open())
    share = re.search(
        r'<textarea id="quiz-harz-quiz-share"[^>]*readonly[^>]*>([^<]*)</textarea>', body
    )
    assert share, "the no-JavaScript fallback: a readonly textarea to select"
    text = share.group(1)
    assert "3/5 richtig" in text and "🟩🟥🟩🟩🟥" in text
    assert "http://localhost/quiz/harz-quiz" in text
    for spoiler in (
        "Brocken",
        "Goslar",
        "Thale",
        "73519",
        "73.519",
        "Quastenflosser",
        "Stimmt",
        "Erklaerung",
        "Berg",
    ):
        assert spoiler not in text
    # The copy button waits for JavaScript; no inline script anywhere.
    assert re.search(r"<button[^>]*data-copy-target=\"quiz-harz-quiz-share\"[^>]*hidden", body)
    assert "js/quiz-share.js" in body


def test_without_javascript_every_answer_redirects_to_its_feedback(player, client):
    for right in PLAN:
        question = player.current_question()
        values = right_values(question) if right else wrong_values(question)
        response = player.answer(values, htmx=False)
        assert response.status_code == 303
        location = response.headers["Location"]
        assert location == f"/quiz/harz-quiz/antwort/{question.id}#quiz-harz-quiz"
        feedback = client.get(location.split("#")[0])
        body = text_of(feedback)
        assert feedback.status_code == 200 and not is_partial(body)
        assert result_of(body) == ("right" if right else "wrong")
        assert question.explanation in body
        assert 'href="/quiz/harz-quiz"' in body  # "Nächste Frage" is a plain link
    assert "3 von 5 richtig" in text_of(player.open())
    assert own_points(client) == 30


def test_an_unfinished_quiz_resumes_where_the_reader_left_off(player, app):
    play(player, plan=[True, True])
    body = text_of(player.open())
    assert progress_text(body) == "Frage 3 von 5"
    assert '<progress max="5" value="2"' in body
    assert "Der Brocken ist höher als 1000 Meter." in body
    # The intro belongs to the start (the page's link-preview description in <head> keeps it).
    assert "Fünf Fragen zum Harz." not in body.split("<main", 1)[1]
    # The article's widget says so too.
    article = text_of(app.test_client().get("/artikel/" + player.questions()[0].quiz.article.slug))
    assert "Quiz starten" in article
    mine = text_of(player.client.get("/artikel/" + player.questions()[0].quiz.article.slug))
    assert "Du bist bei Frage 3 von 5." in mine and "Weiterspielen" in mine


def test_later_attempts_are_practice_without_points(player, client):
    play(player)
    assert own_points(client) == 30
    again = text_of(player.open("?neu=1"))
    assert progress_text(again) == "Frage 1 von 5"
    assert hidden(again, "versuch") == "2"
    assert "Übungsrunde: Gewertet wird nur dein erster Versuch." in again
    player.query = "?neu=1"
    responses = play(player, plan=[True] * 5)
    assert all("Übung: ohne Punkte." in text_of(r) for r in responses)
    assert all(r.headers.get("HX-Trigger") is None for r in responses)
    player.query = ""
    result = text_of(player.open())
    assert "5 von 5 richtig" in result
    assert "Gewertet wurde dein erster Versuch: 3 richtig, 30 Punkte." in result
    assert own_points(client) == 30
    db.session.rollback()
    assert db.session.scalars(sa.select(QuizAttempt.number).order_by(QuizAttempt.number)).all() == [
        1,
        2,
    ]
    assert db.session.scalar(sa.select(sa.func.sum(QuizAnswer.points))) == 30


def test_asking_for_a_new_round_mid_quiz_resumes_instead(player):
    play(player, plan=[True])
    body = text_of(player.open("?neu=1"))
    assert progress_text(body) == "Frage 2 von 5"
    assert hidden(body, "versuch") == "1"


def test_a_closed_quiz_is_practice(app, client):
    quiz = make_quiz(publish_at=MONDAY - timedelta(days=14), closes_at=MONDAY - timedelta(days=7))
    reader = QuizReader(client, quiz)
    assert "Dieses Quiz ist beendet" in text_of(reader.open())
    play(reader, plan=[True] * 5)
    assert "5 von 5 richtig" in text_of(reader.open())
    assert own_points(client, "gesamt") is None
    assert quiz_row_counts() == {"QuizAttempt": 1, "QuizAnswer": 5}


@pytest.mark.parametrize(
    ("publish_at", "closes_at"), [(None, None), (NOW + timedelta(days=1), NOW + timedelta(days=8))]
)
def test_drafts_and_scheduled_quizzes_do_not_exist_for_readers(app, client, publish_at, closes_at):
    quiz = make_quiz(publish_at=publish_at, closes_at=closes_at)
    assert client.get(f"/quiz/{quiz.slug}").status_code == 404
    article = text_of(client.get(f"/artikel/{quiz.article.slug}"))
    assert "quiz-widget" not in article and quiz.title not in article
    assert 'aria-label="Rätsel und Rangliste"' in article


def test_quiz_points_join_riddle_points_on_the_leaderboard(player, client):
    riddle = make_riddle()
    rival = make_player(nickname="Rivale")
    make_solve(rival, riddle, points=30, solved_at=NOW - timedelta(hours=1))
    play(player)  # 30 points, reached at NOW: after the rival
    board = lines(text_of(client.get("/rangliste")))
    assert (board[0].name, board[0].points, board[0].own) == ("Rivale", 30, False)
    assert (board[1].rank, board[1].points, board[1].own) == (2, 30, True)  # reached it later
    # The same player's riddle solve adds to their quiz points in one total.
    with client.session_transaction() as session:
        me = db.session.get(Player, session["player_id"])
    make_solve(me, riddle, points=70, solved_at=NOW)
    board = lines(text_of(client.get("/rangliste")))
    assert (board[0].points, board[0].own) == (100, True)
    assert own_points(client, "gesamt") == 100


def test_the_article_shows_the_quiz_widget_next_to_the_riddle_and_board(player, client, quiz):
    make_riddle()
    page = text_of(client.get(f"/artikel/{quiz.article.slug}"))
    assert 'id="quiz-widget-harz-quiz"' in page
    assert 'href="/quiz/harz-quiz"' in page and "Quiz starten" in page
    assert "5 Fragen, 10 Punkte je richtiger Antwort." in page
    assert page.index("riddle-widget") < page.index("quiz-widget") < page.index('id="leaderboard"')
    assert 'aria-label="Rätsel, Quiz und Rangliste"' in page  # the sidebar says what it holds
    assert "css/quiz.css" in page
    play(player)
    page = text_of(client.get(f"/artikel/{quiz.article.slug}"))
    assert "Dein Ergebnis: 3 von 5 richtig" in page and "Ergebnis ansehen" in page


def test_the_feedback_url_of_an_unanswered_question_redirects(player):
    questions = player.questions()
    response = player.client.get(f"/quiz/harz-quiz/antwort/{questions[0].id}")
    assert response.status_code == 303
    assert response.headers["Location"] == "/quiz/harz-quiz"


def test_the_quiz_works_in_english(player, client):
    from tests.clients import Reader

    Reader(client).post("/sprache/en", {"next": "/"})
    body = text_of(player.open())
    assert "Question 1 of 5" in body and ">Answer<" in body
    play(player)
    assert "3 of 5 right" in text_of(player.open())
