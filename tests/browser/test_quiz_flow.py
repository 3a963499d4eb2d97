"""The demo quiz in Chromium, with JavaScript and without: same answers, same score, same board."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_ARTICLE, wait_for_htmx_ready

pytestmark = pytest.mark.browser

QUIZ = "einharz-quiz"
# (how to answer, right?) for the six demo questions: 4 of 6 right, 40 points.
PLAN = [
    (("fill", "17"), True),  # 18 mayors, ±2 counts
    (("fill", "120"), False),  # about 80 partners, ±10
    (("check", ["Oliver Junk"]), True),
    (("check", ["eCarSharing Harz", "Die Digitalisierungsoffensive HARZlocal"]), True),
    (("check", ["Stimmt"]), False),  # the Harzring was never built
    (("fill", "harz local"), True),  # HARZlocal, through the riddles' matcher
]
GRID = "🟩🟥🟩🟩🟥🟩"


def answer(page: Page, how) -> None:
    kind, value = how
    stage = page.locator(f"#quiz-{QUIZ}-stage")
    if kind == "fill":
        stage.locator(f"#quiz-{QUIZ}-answer").fill(value)
    else:
        for label in value:
            stage.get_by_label(label, exact=True).check()
    stage.get_by_role("button", name="Antworten").click()


def play_demo_quiz(page: Page, javascript: bool, base_url: str) -> str:
    """Play the whole demo quiz from the article page; returns the reader's nickname."""
    page.goto(f"/artikel/{DEMO_ARTICLE}")
    widget = page.locator(f"#quiz-widget-{QUIZ}")
    expect(widget).to_contain_text("6 Fragen, 10 Punkte je richtiger Antwort.")
    widget.get_by_role("link", name="Quiz starten").click()
    expect(page).to_have_url(f"{base_url}/quiz/{QUIZ}")
    if javascript:
        wait_for_htmx_ready(page)
        page.evaluate("window.__noReload = 1")
    stage = page.locator(f"#quiz-{QUIZ}-stage")
    for number, (how, right) in enumerate(PLAN, start=1):
        expect(stage.locator(".quiz-progress__text")).to_have_text(f"Frage {number} von 6")
        expect(stage.locator("progress")).to_have_attribute("value", str(number - 1))
        answer(page, how)
        feedback = stage.locator(f"[data-result={'right' if right else 'wrong'}]")
        expect(feedback).to_be_visible()
        expect(feedback).to_contain_text("Richtig!" if right else "Leider falsch.")
        expect(feedback.locator(".quiz-answer__explanation")).to_be_visible()
        if javascript:
            expect(page.locator(f"#quiz-{QUIZ}-feedback")).to_be_focused()
        else:
            expect(page).to_have_url(re.compile(rf"/quiz/{QUIZ}/antwort/\d+#quiz-{QUIZ}$"))
        step = "Zum Ergebnis" if number == len(PLAN) else "Nächste Frage"
        stage.get_by_role("link", name=step).click()
    result = stage.locator(".quiz-result")
    expect(result.locator(".quiz-result__score")).to_have_text("4 von 6 richtig")
    expect(result).to_contain_text("Dafür bekommst du 40 Punkte in der Rangliste.")
    expect(result.locator(".quiz-share__grid")).to_have_text(GRID)
    expect(result.locator("textarea")).to_have_value(
        re.compile(rf"4/6 richtig\n{GRID}\n{re.escape(base_url)}/quiz/{QUIZ}$")
    )
    if javascript:
        assert page.evaluate("window.__noReload") == 1, "the page was reloaded"
    own = page.locator("#leaderboard tr.is-own")
    expect(own).to_have_count(1)
    expect(own.locator("td").nth(2)).to_have_text("40")
    return own.locator("td").nth(1).inner_text().removesuffix(" (du)")


def own_row(page: Page) -> tuple[int, str, int]:
    """(rank, nickname, points) of the reader's own leaderboard row (shown even outside the top)."""
    cells = page.locator("#leaderboard tr.is-own td:not(.report-cell)")
    expect(cells).to_have_count(3)
    name = cells.nth(1).inner_text().removesuffix(" (du)")
    return int(cells.nth(0).inner_text()), name, int(cells.nth(2).inner_text())


def test_the_whole_quiz_with_and_without_javascript_scores_the_same(open_page, live_server):
    with_js = open_page()
    without_js = open_page(javascript=False)
    first = play_demo_quiz(with_js, javascript=True, base_url=live_server.url)
    second = play_demo_quiz(without_js, javascript=False, base_url=live_server.url)
    assert first != second
    for period in ("woche", "monat", "gesamt"):
        rows = []
        for page, nickname in ((with_js, first), (without_js, second)):
            page.goto(f"/rangliste?zeitraum={period}")
            rank, name, points = own_row(page)
            assert (name, points) == (nickname, 40), period
            rows.append(rank)
        # Equal points reached at the same (frozen) moment: the earlier player ranks right above.
        assert rows[1] == rows[0] + 1, (period, rows)
    # The article's widget agrees with the result for both.
    for page in (with_js, without_js):
        page.goto(f"/artikel/{DEMO_ARTICLE}")
        expect(page.locator(f"#quiz-widget-{QUIZ}")).to_contain_text(
            "Dein Ergebnis: 4 von 6 richtig"
        )


def test_copy_button_copies_the_share_text(page: Page, live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    play_demo_quiz(page, javascript=True, base_url=live_server.url)
    button = page.get_by_role("button", name="Text kopieren")
    expect(button).to_be_visible()
    button.click()
    expect(page.locator(".quiz-share__status")).to_have_text("Kopiert!")
    shared = page.locator(f"#quiz-{QUIZ}-share").input_value()
    assert page.evaluate("navigator.clipboard.readText()") == shared


def test_without_javascript_the_share_text_is_there_to_select(nojs_page: Page, live_server):
    play_demo_quiz(nojs_page, javascript=False, base_url=live_server.url)
    expect(nojs_page.get_by_role("button", name="Text kopieren")).to_be_hidden()
    share = nojs_page.get_by_label(re.compile("Text zum Teilen"))
    expect(share).to_be_visible()
    expect(share).to_have_attribute("readonly", "")


def test_a_reader_resumes_after_a_reload_and_practice_earns_nothing(page: Page, live_server):
    page.goto(f"/quiz/{QUIZ}")
    answer(page, PLAN[0][0])
    page.get_by_role("link", name="Nächste Frage").click()
    answer(page, PLAN[1][0])
    expect(page.locator("[data-result=wrong]")).to_be_visible()
    page.reload()  # the feedback was shown; the quiz goes on with question 3
    expect(page.locator(".quiz-progress__text")).to_have_text("Frage 3 von 6")
    for how, right in PLAN[2:]:
        answer(page, how)
        expect(page.locator(f"[data-result={'right' if right else 'wrong'}]")).to_be_visible()
        page.locator(f"#quiz-{QUIZ}-stage a.button").click()
    expect(page.locator(".quiz-result__score")).to_have_text("4 von 6 richtig")
    page.get_by_role("link", name="Noch einmal üben").click()
    expect(page.locator(".quiz__note")).to_contain_text("Übungsrunde")
    answer(page, ("fill", "18"))
    expect(page.locator("[data-result=right]")).to_contain_text("Übung: ohne Punkte.")
    expect(page.locator("#leaderboard tr.is-own td").nth(2)).to_have_text("40")


def test_a_refused_answer_is_announced_and_the_question_stays(page: Page, problems):
    problems.expect(lambda message: "status of 422" in message)
    page.goto(f"/quiz/{QUIZ}")
    answer(page, ("fill", "achtzehn"))
    alert = page.locator(f"#quiz-{QUIZ}-alert")
    expect(alert).to_have_attribute("aria-live", "assertive")
    expect(alert.locator("[data-verdict=error]")).to_contain_text("Bitte gib eine Zahl ein")
    expect(page.locator(".quiz-progress__text")).to_have_text("Frage 1 von 6")
    answer(page, ("fill", "18"))
    expect(page.locator("[data-result=right]")).to_be_visible()
    expect(alert.locator("[data-verdict=error]")).to_have_count(0)  # cleared by the next answer
