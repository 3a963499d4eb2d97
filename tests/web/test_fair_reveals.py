"""Fair play for reveals (issue 13, item 2): reveals are limited per client address (not
only per player, so dropping cookies buys nothing), a refused reveal shows nothing, and a
quiz's right answers are never shown for free: "Antworten zeigen" counts as playing the
round. The rules are in docs/rules.md ("Fair play")."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import QuizAnswer, QuizAttempt, Reveal
from tests.clients import Reader
from tests.database import base_config
from tests.factories import make_partner, make_riddle
from tests.helpers import HTMX, follow, text_of
from tests.quiz_factories import make_quiz, quiz_row_counts, right_values
from tests.quiz_helpers import HTMX_QUIZ, QuizReader, hidden

SOLUTION = "Kugelgrill"
# Every right answer or explanation of the default quiz that only its answers show.
QUIZ_SECRETS = (
    "(richtig)",
    "Quastenflosser",
    "73.519",
    "Erklaerung-Einfach-111",
    "Erklaerung-Text-555",
)
REVEAL_REFUSED = "zu viele Lösungen angezeigt"


@pytest.fixture
def app_config():
    return {
        **base_config(),
        "REVEAL_LIMIT_PER_IP": "3/hour",
        "REVEAL_LIMIT_PER_ADDRESS_AND_ITEM": "2/day",
    }


def cookieless_reveal(app, slug: str, htmx: bool, address: str = "127.0.0.1", embed: str = ""):
    """A reveal by a brand-new guest (a fresh client: no cookies at all)."""
    reader = Reader(app.test_client())
    page = f"{embed}/raetsel/{slug}"
    reader.client.environ_base["REMOTE_ADDR"] = address
    reader.open(page)
    return reader.post(f"{page}/loesung", htmx=htmx)


def cookieless_show_answers(app, quiz, htmx: bool = True, address: str = "127.0.0.1"):
    """ "Antworten zeigen" by a brand-new guest on a quiz."""
    player = QuizReader(app.test_client(), quiz)
    player.client.environ_base["REMOTE_ADDR"] = address
    player.open()
    return player, show_answers(player, htmx=htmx)


def show_answers(player: QuizReader, htmx: bool = True, attempt: str | None = None):
    body = text_of(player.open(player.query))
    return player.client.post(
        f"{player.path}/antworten-zeigen",
        data={"csrf_token": player.token, "versuch": attempt or hidden(body, "versuch")},
        headers=HTMX_QUIZ if htmx else {},
    )


def reveals() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Reveal))


# --- riddle reveals per address ------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_guests_without_cookies_cannot_reveal_one_riddle_without_end(app, htmx):
    riddle = make_riddle()
    for _ in range(2):
        response = cookieless_reveal(app, riddle.slug, htmx)
        assert response.status_code == (200 if htmx else 303)
    assert reveals() == 2
    refused = cookieless_reveal(app, riddle.slug, htmx)
    body = text_of(refused)
    assert refused.status_code == 429
    assert REVEAL_REFUSED in body
    assert f"Die Lösung: {SOLUTION}" not in body
    assert SOLUTION not in body  # nothing of it: not the solution, not the explanation
    assert ("<html" in body) is not htmx  # no-JS gets the whole page with the message
    assert reveals() == 2  # the refused reveal stored nothing


def test_the_address_limit_counts_every_riddle_and_quiz_the_embed_included(app):
    riddles = [make_riddle() for _ in range(2)]
    partner = make_partner()
    quiz = make_quiz()
    assert cookieless_reveal(app, riddles[0].slug, htmx=True).status_code == 200
    assert (
        cookieless_reveal(
            app, riddles[1].slug, htmx=True, embed=f"/embed/{partner.embed_key}"
        ).status_code
        == 200
    )
    _, shown = cookieless_show_answers(app, quiz)
    assert shown.status_code == 200
    third = make_riddle()
    refused = cookieless_reveal(app, third.slug, htmx=True)
    assert refused.status_code == 429
    assert REVEAL_REFUSED in text_of(refused)
    _, refused_quiz = cookieless_show_answers(app, quiz)
    assert refused_quiz.status_code == 429
    assert REVEAL_REFUSED in text_of(refused_quiz)
    assert reveals() == 2


def test_another_address_keeps_its_own_budget(app):
    riddle = make_riddle()
    for _ in range(2):
        cookieless_reveal(app, riddle.slug, htmx=True)
    assert cookieless_reveal(app, riddle.slug, htmx=True).status_code == 429
    other = cookieless_reveal(app, riddle.slug, htmx=True, address="10.1.2.3")
    assert other.status_code == 200
    assert SOLUTION in text_of(other)


def test_an_owner_keeps_guessing_when_the_address_is_out_of_reveals(app, reader):
    riddle = make_riddle()
    for _ in range(2):
        cookieless_reveal(app, riddle.slug, htmx=True)
    reader.open(f"/raetsel/{riddle.slug}")
    assert reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=True).status_code == 429
    # The refusal cost nothing: the reader still plays, and can solve for points.
    response = reader.guess(riddle.slug, SOLUTION)
    assert response.status_code == 200
    assert "Richtig!" in text_of(response)


# --- quizzes: showing the answers counts as playing the round --------------------------------


@pytest.fixture
def quiz(app):
    return make_quiz(slug="fair-quiz")


def test_the_confirmation_shows_no_answer_and_stores_nothing(app, quiz, client):
    player = QuizReader(client, quiz)
    player.open()
    for htmx in (True, False):
        response = client.get(f"/quiz/{quiz.slug}/antworten-zeigen", headers=HTMX if htmx else {})
        body = text_of(response)
        assert response.status_code == 200
        assert "Willst du die Antworten wirklich sehen?" in body
        assert "Ja, Antworten zeigen" in body
        for secret in QUIZ_SECRETS:
            assert secret not in body
    assert quiz_row_counts() == {"QuizAttempt": 0, "QuizAnswer": 0}


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_showing_the_answers_records_the_round_as_played_with_no_points(app, quiz, client, htmx):
    player = QuizReader(client, quiz)
    first = player.current_question()
    assert player.answer(right_values(first)).status_code == 200  # 10 points
    response = show_answers(player, htmx=htmx)
    if not htmx:
        assert response.status_code == 303
        response = follow(player, response)
    body = text_of(response)
    assert response.status_code == 200
    for secret in QUIZ_SECRETS:
        assert secret in body  # now every right answer is shown
    assert "nicht beantwortet (Antworten angezeigt)" in body
    assert "1 von 5 richtig" in body
    db.session.rollback()
    answers = db.session.scalars(sa.select(QuizAnswer).order_by(QuizAnswer.question_id)).all()
    assert [(a.correct, a.points) for a in answers] == [(True, 10)] + [(False, 0)] * 4
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizAttempt)) == 1


def test_after_showing_the_answers_the_same_player_cannot_score_them(app, quiz, client):
    player = QuizReader(client, quiz)
    player.open()
    assert show_answers(player).status_code == 200
    questions = player.questions()
    # The old round's form is stale: answering it now is refused and stores nothing.
    refused = player.post(
        {"frage": str(questions[0].id), "versuch": "1", "antwort": right_values(questions[0])}
    )
    assert refused.status_code == 409
    # A new round is practice: every right answer earns nothing.
    player.query = "?neu=1"
    for question in questions:
        player.query = "?neu=1" if question is questions[0] else ""
        assert player.answer(right_values(player.current_question())).status_code == 200
    db.session.rollback()
    total = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(QuizAnswer.points), 0)))
    assert total == 0


def test_showing_the_answers_twice_or_with_a_stale_round_changes_nothing(app, quiz, client):
    player = QuizReader(client, quiz)
    player.open()
    assert show_answers(player, attempt="1").status_code == 200
    again = show_answers(player, attempt="1")
    assert again.status_code == 409
    assert "(richtig)" not in text_of(again)
    assert quiz_row_counts() == {"QuizAttempt": 1, "QuizAnswer": 5}


def test_a_refused_show_answers_reveals_nothing(app, quiz):
    cookieless_show_answers(app, quiz)
    cookieless_show_answers(app, quiz)
    before = quiz_row_counts()
    for htmx in (True, False):
        _, refused = cookieless_show_answers(app, quiz, htmx=htmx)
        body = text_of(refused)
        assert refused.status_code == 429
        assert REVEAL_REFUSED in body
        for secret in QUIZ_SECRETS:
            assert secret not in body
    assert quiz_row_counts() == before
