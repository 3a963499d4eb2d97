"""Readers' polish from a new reader's walk: one success message, a closed riddle that
says so once, and a hint that keeps the last feedback (htmx and without JavaScript)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from tests.factories import make_article, make_riddle
from tests.helpers import assert_not_retargeted, follow, text_of, verdict_of
from tests.quiz_factories import make_quiz
from tests.quiz_helpers import QuizReader
from tests.web.test_quiz_flow import play

SOLVED_LINE = "Gelöst! Du hast"
RIGHT = "Richtig!"


def test_a_solve_under_htmx_shows_one_success_message(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    body = text_of(reader.guess(riddle.slug, "Kugelgrill"))
    assert verdict_of(body) == "correct"
    assert body.count(RIGHT) == 1
    assert SOLVED_LINE not in body
    # The announcement stays in the live region; focus goes on to the solution.
    assert f'id="solution-{riddle.slug}" tabindex="-1" data-focus-after-swap' in body
    assert body.count("data-focus-after-swap") == 1


def test_a_solve_without_javascript_shows_one_success_message(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    page = text_of(follow(reader, reader.guess(riddle.slug, "Kugelgrill", htmx=False)))
    assert verdict_of(page) == "correct"
    assert page.count(RIGHT) == 1
    assert SOLVED_LINE not in page
    # Inside the live region of the widget.
    region = page.split(f'id="feedback-{riddle.slug}"', 1)[1].split(f'id="play-{riddle.slug}"')[0]
    assert RIGHT in region
    # Later views say how it ended in the play area (no feedback any more).
    again = text_of(reader.client.get(f"/raetsel/{riddle.slug}"))
    assert RIGHT not in again
    assert SOLVED_LINE in again


def _closed(app, riddle):
    app.config["NOW"] = riddle.closes_at + timedelta(minutes=1)


def test_a_closed_riddle_is_not_the_riddle_of_the_week(app, reader):
    riddle = make_riddle()
    live = text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))
    assert '<p class="riddle-widget__kicker">Rätsel der Woche</p>' in live
    _closed(app, riddle)
    page = text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))
    assert '<p class="riddle-widget__kicker">Rätsel aus dem Archiv</p>' in page
    assert page.count("beendet") == 1


def test_a_guess_after_the_close_says_beendet_once(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    _closed(app, riddle)
    for response in (
        reader.guess(riddle.slug, "Boje"),
        reader.guess(riddle.slug, "Boje", htmx=False),
    ):
        body = text_of(response)
        assert response.status_code == 409
        assert "raten ist nicht mehr möglich" in body
        assert body.count("beendet") == 1, body


def test_unlocking_a_hint_under_htmx_leaves_the_feedback_alone(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    assert verdict_of(text_of(reader.guess(riddle.slug, "Boje"))) == "wrong"
    response = reader.post(f"/raetsel/{riddle.slug}/tipps/1", htmx=True)
    body = text_of(response)
    assert response.status_code == 200
    assert_not_retargeted(response, "hint")
    # Only the play area comes back (the form swaps it): the feedback region is untouched.
    assert body.lstrip().startswith(f'<div class="riddle-play" id="play-{riddle.slug}">')
    assert "data-verdict" not in body
    assert "Er hat einen Deckel." in body
    assert f'data-hx-target="#play-{riddle.slug}"' in body  # the next hint does the same


def test_unlocking_a_hint_without_javascript_keeps_the_last_feedback(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    page = text_of(follow(reader, reader.guess(riddle.slug, "Boje", htmx=False)))
    assert verdict_of(page) == "wrong"
    after_hint = text_of(follow(reader, reader.post(f"/raetsel/{riddle.slug}/tipps/1")))
    assert "Er hat einen Deckel." in after_hint
    assert verdict_of(after_hint) == "wrong"
    assert "„Boje“ ist es nicht." in after_hint
    # A plain reload forgets it, and a hint after that brings nothing back.
    assert "data-verdict" not in text_of(reader.client.get(f"/raetsel/{riddle.slug}"))
    after_reload = text_of(follow(reader, reader.post(f"/raetsel/{riddle.slug}/tipps/2")))
    assert "Er ist rund." in after_reload
    assert "data-verdict" not in after_reload


def _share_text(client, quiz) -> str:
    reader = QuizReader(client, quiz)
    play(reader)
    body = text_of(reader.open())
    share = re.search(r'<textarea id="quiz-[^"]*-share"[^>]*>([^<]*)</textarea>', body)
    assert share
    return html.unescape(share.group(1))


def test_the_quiz_share_text_reads_naturally_in_german(app, client):
    text = _share_text(client, make_quiz(slug="harz-quiz", title="Harz-Wissen"))
    assert "HarzQuiz-Quiz" not in text
    assert text.startswith("Quiz „Harz-Wissen“ bei HarzQuiz – 3/5 richtig\n")


def test_the_quiz_share_text_reads_naturally_in_english(app, client):
    with client.session_transaction() as session:
        session["lang"] = "en"
    text = _share_text(client, make_quiz(slug="harz-quiz", title="Harz-Wissen"))
    assert "HarzQuiz quiz" not in text
    assert text.startswith("Quiz “Harz-Wissen” on HarzQuiz – 3/5 right\n")


def test_the_article_page_offers_a_jump_to_its_riddle(app, client):
    riddle = make_riddle()
    article = make_article(riddle_id=riddle.id)
    page = text_of(client.get(f"/artikel/{article.slug}"))
    jump = f'<a href="#riddle-{riddle.slug}">Zum Rätsel springen</a>'
    assert jump in page
    assert page.index(jump) < page.index('class="article__body"')  # at the top
    assert f'id="riddle-{riddle.slug}"' in page  # where it leads


def test_no_jump_when_there_is_no_riddle_to_jump_to(app, client):
    article = make_article(riddle_id=None)  # and no riddle live either
    assert "Zum Rätsel springen" not in text_of(client.get(f"/artikel/{article.slug}"))
