"""A wrong quiz answer's feedback and a wrong guess's play area are kept per state
(harzquiz/web/kept_parts.py): every player gets the HTML a full render gives them (the
suite's SHELL_SELF_CHECK compares each kept answer with its full render, tests/conftest.py),
with their own CSRF token, and a content change drops what was kept."""

from __future__ import annotations

import pytest

from harzquiz.caching.shells import ShellMismatch
from harzquiz.extensions import db
from harzquiz.models import QuizQuestion
from harzquiz.web import kept_parts
from tests.clients import Reader, csrf_token_from
from tests.factories import make_riddle
from tests.helpers import text_of
from tests.quiz_factories import make_quiz, right_values, wrong_values
from tests.quiz_helpers import QuizReader, result_of

STAGE = "quizzes/_stage_response.html"
PLAY = "riddles/_play.html"


@pytest.fixture
def app_config(app_config):
    # An hour: within these tests only the content stamp can drop what is kept.
    return {**app_config, "PAGE_CACHE_SECONDS": 3600}


def kept_templates(app) -> list[str]:
    cache = app.extensions.get("harzquiz.kept_parts")
    return [] if cache is None else [key[0] for key in cache.entries]


def wrong_first_answer(app, quiz) -> str:
    player = QuizReader(app.test_client(), quiz)
    response = player.answer(wrong_values(player.current_question()))
    assert response.status_code == 200
    return text_of(response)


def test_the_same_wrong_answer_gets_the_kept_feedback(app):
    quiz = make_quiz()
    first = wrong_first_answer(app, quiz)
    assert kept_templates(app) == [STAGE]
    second = wrong_first_answer(app, quiz)  # kept: the self-check compared it
    assert second == first
    assert result_of(second) == "wrong"
    assert "Erklaerung-Einfach-111" in second  # answered: its explanation shows


def test_a_right_answer_and_a_later_question_get_their_own_feedback(app):
    quiz = make_quiz()
    wrong = wrong_first_answer(app, quiz)
    player = QuizReader(app.test_client(), quiz)
    right = text_of(player.answer(right_values(player.current_question())))
    assert result_of(right) == "right" and right != wrong
    later = text_of(player.answer(wrong_values(player.current_question())))
    assert "Erklaerung-Mehrfach-222" in later and "Erklaerung-Einfach-111" not in later


def test_a_content_change_drops_the_kept_feedback(app):
    quiz = make_quiz()
    assert "Erklaerung-Einfach-111" in wrong_first_answer(app, quiz)
    question = db.session.get(QuizQuestion, quiz.questions[0].id)
    question.explanation = "Neue-Erklaerung-999"
    db.session.commit()  # an ORM write moves the content stamp (caching.listener)
    feedback = wrong_first_answer(app, quiz)
    assert "Neue-Erklaerung-999" in feedback and "Erklaerung-Einfach-111" not in feedback


def test_a_state_that_misses_an_input_fails_the_self_check(app, monkeypatch, shell_mismatches):
    quiz = make_quiz()
    monkeypatch.setitem(kept_parts._STATES, STAGE, lambda context, values: "one state")
    wrong_first_answer(app, quiz)
    player = QuizReader(app.test_client(), quiz)
    response = player.answer(right_values(player.current_question()))
    assert response.status_code == 500  # the kept wrong feedback is not this right answer's
    assert [type(mismatch) for mismatch in shell_mismatches] == [ShellMismatch]
    shell_mismatches.clear()


def guest_with_wrong_guess(app, slug: str, text: str) -> tuple[Reader, str]:
    reader = Reader(app.test_client())
    reader.open(f"/raetsel/{slug}")
    response = reader.guess(slug, text)
    assert response.status_code == 200
    return reader, text_of(response)


def test_a_wrong_guess_gets_the_kept_play_area_with_its_own_token(app):
    riddle = make_riddle()
    first, first_html = guest_with_wrong_guess(app, riddle.slug, "Boje")
    assert kept_templates(app) == [PLAY]
    second, second_html = guest_with_wrong_guess(app, riddle.slug, "Ball")
    assert first.token != second.token
    assert first.token not in second_html
    assert "„Ball“ ist es nicht." in second_html  # the feedback is this guess's own
    second.token = csrf_token_from(second_html.split('id="play-')[1])
    again = second.guess(riddle.slug, "Korb")  # the play area's token is this player's
    assert again.status_code == 200 and "„Korb“ ist es nicht." in text_of(again)


def test_a_near_miss_keeps_its_own_guess_in_the_field(app):
    riddle = make_riddle()
    guest_with_wrong_guess(app, riddle.slug, "Boje")
    _, html = guest_with_wrong_guess(app, riddle.slug, "Grill")
    assert 'value="Grill"' in html  # rendered for this player, not the kept play area


def test_a_hint_change_drops_the_kept_play_area(app):
    riddle = make_riddle()
    guest_with_wrong_guess(app, riddle.slug, "Boje")
    riddle.hints[0].cost = 25
    db.session.commit()
    _, html = guest_with_wrong_guess(app, riddle.slug, "Ball")
    assert "kostet 25 Punkte" in html


def test_a_long_posted_next_is_rendered_not_kept(app):
    riddle = make_riddle()
    reader = Reader(app.test_client())
    reader.open(f"/raetsel/{riddle.slug}")
    long_next = f"/raetsel/{riddle.slug}?x=" + "a" * 400
    response = reader.post(
        f"/raetsel/{riddle.slug}/raten", {"guess": "Boje", "next": long_next}, htmx=True
    )
    assert response.status_code == 200
    assert long_next in text_of(response)
    assert kept_templates(app) == []
