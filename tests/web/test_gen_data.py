"""`flask gen-data`: a realistic synthetic history that the game's own rules agree with."""

from __future__ import annotations

import sqlalchemy as sa

from harzquiz.cli.datagen import QUIZ_QUESTIONS
from harzquiz.extensions import db
from harzquiz.models import (
    Article,
    Guess,
    Hint,
    HintUnlock,
    Partner,
    Player,
    Quiz,
    QuizAnswer,
    Reveal,
    Riddle,
    Solve,
)
from harzquiz.rules import scoring
from tests.clients import Reader


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_gen_data_writes_a_consistent_history(app, runner, client):
    result = runner.invoke(
        args=["gen-data", "--players=40", "--guesses=150", "--riddles=6", "--articles=3"]
    )
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert (count(Riddle), count(Article), count(Player)) == (6, 3, 40)
    assert count(Guess) >= 150
    assert count(Solve) > 0 and count(Reveal) > 0 and count(HintUnlock) > 0
    # Every solve is worth what the scoring formula gives for that player's play.
    for solve in db.session.scalars(sa.select(Solve)):
        riddle = db.session.get(Riddle, solve.riddle_id)
        wrong = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Guess)
            .where(
                Guess.player_id == solve.player_id,
                Guess.riddle_id == solve.riddle_id,
                Guess.verdict == "wrong",
            )
        )
        costs = db.session.scalars(
            sa.select(Hint.cost)
            .join(HintUnlock, HintUnlock.hint_id == Hint.id)
            .where(Hint.riddle_id == riddle.id, HintUnlock.player_id == solve.player_id)
        ).all()
        assert solve.points == scoring.riddle_value(riddle.points, wrong, costs)
        assert riddle.publish_at <= solve.solved_at < riddle.closes_at
    # Whoever gave up did not also solve.
    both = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Reveal)
        .join(
            Solve,
            (Solve.player_id == Reveal.player_id) & (Solve.riddle_id == Reveal.riddle_id),
        )
    )
    assert both == 0
    # Play spreads over the weeks, and the all-time board has real work to do.
    weeks = db.session.scalar(sa.select(sa.func.count(sa.distinct(Solve.riddle_id))))
    assert weeks >= 3
    html = client.get("/rangliste?zeitraum=gesamt").get_data(as_text=True)
    assert "Spieler-" in html
    # A second run adds to the data (new players, new riddles' slugs would clash: none made).
    again = runner.invoke(
        args=["gen-data", "--players=5", "--guesses=10", "--riddles=0", "--articles=0"]
    )
    assert again.exit_code == 0, again.output
    db.session.rollback()
    assert count(Player) == 45 and count(Riddle) == 6


def test_gen_data_adds_live_quizzes_and_a_partner_the_benchmark_can_use(app, runner, client):
    result = runner.invoke(
        args=[
            "gen-data",
            "--players=5",
            "--guesses=10",
            "--riddles=3",
            "--articles=3",
            "--quizzes=2",
        ]
    )
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert [q.slug for q in db.session.scalars(sa.select(Quiz).order_by(Quiz.slug))] == [
        "gen-quiz-1",
        "gen-quiz-2",
    ]
    quiz = db.session.scalar(sa.select(Quiz).where(Quiz.slug == "gen-quiz-1"))
    assert quiz.article.slug == "gen-artikel-1"
    assert {q.kind for q in quiz.questions} == {
        "single",
        "multiple",
        "true_false",
        "number",
        "text",
    }
    # The embed for the known key shows the current riddle (gen-artikel-1 carries it).
    partner = db.session.scalar(sa.select(Partner))
    assert (partner.embed_key, partner.origins, partner.enabled) == (
        "gen-partner-key-1",
        ["http://127.0.0.1"],
        True,
    )
    embed = client.get("/embed/gen-partner-key-1/")
    assert embed.status_code == 200
    assert "Rätsel Nummer 3" in embed.get_data(as_text=True)
    assert "gen-quiz-1" in client.get("/artikel/gen-artikel-1").get_data(as_text=True)
    # The benchmark's wrong answers (first choice, "false", far off, other text) score nothing.
    reader = Reader(client)
    reader.open("/quiz/gen-quiz-1")
    wrong = {
        "single": None,
        "multiple": None,
        "true_false": "false",
        "number": "-1",
        "text": "Falsch",
    }
    for question, spec in zip(quiz.questions, QUIZ_QUESTIONS, strict=True):
        value = wrong[spec["kind"]] or str(question.choices[0].id)
        response = reader.post(
            "/quiz/gen-quiz-1/antworten",
            {"frage": question.id, "versuch": 1, "antwort": value},
            htmx=True,
        )
        assert response.status_code == 200
        assert "HX-Trigger" not in response.headers
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizAnswer)) == 5
    assert db.session.scalar(sa.select(sa.func.sum(QuizAnswer.points))) == 0
    # A second run keeps the partner and makes no quizzes without new articles.
    again = runner.invoke(
        args=["gen-data", "--players=1", "--guesses=1", "--riddles=0", "--articles=0"]
    )
    assert again.exit_code == 0, again.output
    db.session.rollback()
    assert count(Partner) == 1 and count(Quiz) == 2
