"""axe-core finds no serious or critical violations in any quiz state; keyboard play works."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_ARTICLE
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_quiz_flow import PLAN, QUIZ, answer

pytestmark = pytest.mark.browser


def test_article_page_with_the_quiz_widget(page: Page):
    page.goto(f"/artikel/{DEMO_ARTICLE}")
    expect(page.locator(f"#quiz-widget-{QUIZ}")).to_be_visible()
    assert_accessible(page)


def test_question_feedback_and_result_states(page: Page):
    page.goto(f"/quiz/{QUIZ}")
    expect(page.locator("progress")).to_be_visible()
    assert_accessible(page)  # the first question, with the intro
    for number, (how, right) in enumerate(PLAN, start=1):
        answer(page, how)
        expect(page.locator(f"[data-result={'right' if right else 'wrong'}]")).to_be_visible()
        if number in (1, 3, 4):  # feedback after a number, a single and a multiple choice
            assert_accessible(page)
        page.locator(f"#quiz-{QUIZ}-stage a.button").click()
        if number in (2, 3, 4, 5):  # the choice, multiple choice, true/false and text questions
            expect(page.locator(".quiz-progress__text")).to_have_text(f"Frage {number + 1} von 6")
            assert_accessible(page)
    expect(page.locator(".quiz-result")).to_be_visible()
    assert_accessible(page)  # the result with its share text and every answer
    page.get_by_role("link", name="Noch einmal üben").click()
    expect(page.locator(".quiz__note")).to_be_visible()
    assert_accessible(page)  # a practice round


def test_the_no_javascript_feedback_page(page: Page):
    """The whole page post/redirect/get lands on (axe needs JavaScript, so it runs here)."""
    page.goto(f"/quiz/{QUIZ}")
    question_id = page.locator("input[name=frage]").input_value()
    answer(page, ("fill", "18"))
    expect(page.locator("[data-result=right]")).to_be_visible()
    page.goto(f"/quiz/{QUIZ}/antwort/{question_id}")
    expect(page.locator("[data-result=right]")).to_be_visible()
    assert_accessible(page)


def test_refused_answer_state(page: Page, problems):
    problems.expect(lambda message: "status of 422" in message)
    page.goto(f"/quiz/{QUIZ}")
    answer(page, ("fill", "achtzehn"))
    expect(page.locator(f"#quiz-{QUIZ}-alert [data-verdict=error]")).to_be_visible()
    assert_accessible(page)


def test_a_quiz_by_keyboard_alone(page: Page):
    page.goto(f"/quiz/{QUIZ}")
    field = page.locator(f"#quiz-{QUIZ}-answer")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == f"quiz-{QUIZ}-answer":
            break
    expect(field).to_be_focused()
    page.keyboard.type("18")
    page.keyboard.press("Enter")
    expect(page.locator("[data-result=right]")).to_be_visible()
    expect(page.locator(f"#quiz-{QUIZ}-feedback")).to_be_focused()
    page.keyboard.press("Tab")  # from the feedback heading on to "Nächste Frage"
    expect(page.get_by_role("link", name="Nächste Frage")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#quiz-{QUIZ}-question")).to_be_focused()
    expect(page.locator(".quiz-progress__text")).to_have_text("Frage 2 von 6")
