"""The crossword desk in Chromium: build a crossword with JavaScript on and off, at 1280 and
390 px wide; axe-core finds no serious or critical violations in any state (axe runs with
JavaScript on: it cannot be injected into a page without it; the markup is the same)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_for_htmx_settle
from tests.browser.desk.test_editor_flow import log_in
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_accessibility import assert_accessible as check_page

pytestmark = pytest.mark.browser

WORDS = [
    ("Brocken", "Höchster Berg des Harzes"),
    ("Goslar", "Kaiserstadt am Rammelsberg"),
    ("Bode", "Fluss durch Thale"),
    ("Hexe", "Sie reitet in der Walpurgisnacht"),
]
WIDTHS = {"desktop": (1280, 900), "mobile": (390, 844)}


def build(page: Page, slug: str, javascript: bool) -> None:
    """Fill a new crossword, lay it out, mark and test the Lösungswort, save it."""

    def assert_accessible(page: Page) -> None:
        if javascript:
            check_page(page)

    page.goto("/redaktion/kreuzwortraetsel/neu")
    page.locator("#title").fill(f"Harz {slug}")
    page.locator("#slug").fill(slug)
    for index, (answer, clue) in enumerate(WORDS):
        page.locator(f"#entries-{index}-answer").fill(answer)
        page.locator(f"#entries-{index}-clue").fill(clue)
    page.get_by_role("button", name="Anordnen").click()
    if javascript:
        wait_for_htmx_settle(page)
    expect(page.locator(".xw-desk-grid")).to_be_visible()
    for index in range(len(WORDS)):
        expect(page.locator(f"#entries-{index}-row")).not_to_have_value("")
    assert_accessible(page)
    page.locator("#solution_word").fill("Bode")
    page.get_by_role("button", name="Felder markieren").click()
    if javascript:
        wait_for_htmx_settle(page)
    expect(page.locator("#marked-word strong")).to_have_text("BODE")
    expect(page.locator(".xw-desk-cell--marked")).to_have_count(4)
    page.locator("#test_answer").fill("bode")
    page.get_by_role("button", name="Antwort prüfen").click()
    expect(page.locator("#solution-test-result [data-verdict=correct]")).to_be_visible()
    assert_accessible(page)
    page.locator("#crossword-form .desk-form__toolbar button").first.click()
    expect(page).to_have_url(re.compile(r"/redaktion/kreuzwortraetsel/\d+$"))
    expect(page.locator(".flash")).to_contain_text("Kreuzworträtsel gespeichert.")
    assert_accessible(page)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_build_a_crossword(open_page, accounts, javascript, width):
    page = open_page(javascript=javascript)
    page.set_viewport_size(dict(zip(("width", "height"), WIDTHS[width], strict=True)))
    log_in(page, accounts["editor"], "/redaktion/kreuzwortraetsel/")
    slug = f"harz-{width}-{'js' if javascript else 'nojs'}"
    build(page, slug, javascript)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}"
    page.get_by_role("link", name="Vorschau ansehen").click()
    expect(page.locator(".desk-solution dd").first).to_have_text("BODE")
    if javascript:
        assert_accessible(page)
    page.goto("/redaktion/kreuzwortraetsel/")
    expect(page.get_by_role("link", name=f"Harz {slug}", exact=True)).to_be_visible()
    if javascript:
        assert_accessible(page)


def test_grid_problems_beside_the_fields(open_page, accounts, problems):
    problems.expect(lambda message: "422" in message)  # Chromium logs the refusal
    page = open_page()
    log_in(page, accounts["editor"], "/redaktion/kreuzwortraetsel/neu")
    page.locator("#title").fill("Kaputt")
    page.locator("#slug").fill("kaputt")
    for index, (answer, row, col, direction) in enumerate(
        (("Bode", "1", "1", "across"), ("Hexe", "1", "2", "down"))
    ):
        page.locator(f"#entries-{index}-answer").fill(answer)
        page.locator(f"#entries-{index}-clue").fill("Eine Frage")
        page.locator(f"#entries-{index}-row").fill(row)
        page.locator(f"#entries-{index}-col").fill(col)
        page.locator(f"#entries-{index}-direction").select_option(direction)
    page.locator("#crossword-form .desk-form__toolbar button").first.click()
    expect(page.locator("#entries-1-answer-errors")).to_contain_text("Buchstaben passen nicht")
    expect(page.locator("#entries-1-answer")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
