"""The demo crossword in Chromium: by keyboard alone with JavaScript, through the form
without it (the same points), checks and reveals at their documented cost, resuming on a
second browser context, and axe-core in every state."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from harzquiz.extensions import db
from harzquiz.models import CrosswordProgress, Player
from harzquiz.rules.scoring import (
    CROSSWORD_GRID_CHECK_COST,
    CROSSWORD_REVEAL_COST,
    CROSSWORD_WORD_CHECK_COST,
)
from tests.browser.conftest import wait_for_htmx_ready
from tests.browser.crossword.conftest import CLOSED_SLUG
from tests.browser.test_accessibility import assert_accessible
from tests.factories import PASSWORD, make_account

pytestmark = pytest.mark.browser


def open_crossword(page: Page, demo) -> None:
    page.goto(f"/kreuzwortraetsel/{demo.slug}")
    expect(page.locator(f"#xw-{demo.slug}-form")).to_be_visible()
    wait_for_htmx_ready(page)


def active_entry(page: Page) -> str | None:
    return page.evaluate(
        "() => { const li = document.querySelector('li.xw-clue--active');"
        " return li ? li.dataset.entry : null; }"
    )


def focused_cell(page: Page) -> tuple[int, int] | None:
    found = page.evaluate(
        "() => { const el = document.activeElement;"
        " return el && el.classList.contains('xw-cell__input') ? el.id : null; }"
    )
    if not found:
        return None
    *_, row, col = found.split("-")
    return int(row), int(col)


def points_of(live_server, nickname: str | None = None) -> list[int]:
    with live_server.app.app_context():
        query = sa.select(CrosswordProgress.points).where(CrosswordProgress.solved_at.is_not(None))
        if nickname:
            query = query.join(Player).where(Player.nickname == nickname)
        points = list(db.session.scalars(query))
        db.session.remove()
    return points


def solve_by_keyboard(page: Page, demo) -> None:
    """Tab into the grid, go back to the first entry, then type every entry and Tab on."""
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused_cell(page):
            break
    assert focused_cell(page), "Tab never reached the grid"
    first = demo.entries[0].label
    for _ in range(len(demo.entries)):
        if active_entry(page) == first:
            break
        page.keyboard.press("Shift+Tab")
    assert active_entry(page) == first
    for index, entry in enumerate(demo.entries):
        assert active_entry(page) == entry.label
        start = entry.cells.index(focused_cell(page))
        page.keyboard.type(entry.answer[start:])
        if index < len(demo.entries) - 1:
            page.keyboard.press("Tab")


def test_solve_the_demo_by_keyboard_alone(page: Page, demo, live_server):
    open_crossword(page, demo)
    assert_accessible(page)  # the empty grid
    # A wrong letter, Backspace, and the arrow keys on the way in.
    for _ in range(60):
        page.keyboard.press("Tab")
        if focused_cell(page):
            break
    start = focused_cell(page)
    assert start is not None
    page.keyboard.press("ArrowRight")  # the next cell to the right, over any blocks
    moved = focused_cell(page)
    assert moved is not None and moved[0] == start[0] and moved[1] > start[1]
    page.keyboard.press("ArrowLeft")
    assert focused_cell(page) == start
    page.keyboard.type("Q")
    page.keyboard.press("Backspace")
    expect(page.locator(demo.cell_id(start))).to_have_value("")
    page.keyboard.press("Shift+Tab")  # back into the page from here: solve from the top
    solve_by_keyboard(page, demo)
    result = page.locator(f"#xw-{demo.slug}-result")
    expect(result).to_be_visible()
    expect(page.locator(f"#xw-{demo.slug}-status")).to_contain_text(
        "Gelöst! Dafür bekommst du 100 Punkte."
    )
    expect(page.locator(".crossword-result__word")).to_have_text("HARZREISE")
    expect(result).to_be_focused()
    share = page.locator(f"#xw-{demo.slug}-share").input_value()
    assert "0 Prüfungen" in share and "HARZREISE" not in share
    assert_accessible(page)  # the solved state with its share text
    assert 100 in points_of(live_server)


def test_solve_through_the_form_without_javascript_earns_the_same(
    nojs_page: Page, demo, live_server
):
    page = nojs_page
    account = "Formularlöser"
    with live_server.app.app_context():
        email = make_account(nickname=account).email
        db.session.remove()
    page.goto("/anmelden")
    page.get_by_label("E-Mail").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.goto(f"/kreuzwortraetsel/{demo.slug}")
    for cell, letter in demo.letters.items():
        page.locator(demo.cell_id(cell)).fill(letter.lower())
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.locator(f"#xw-{demo.slug}-status")).to_contain_text(
        "Gelöst! Dafür bekommst du 100 Punkte."
    )
    assert points_of(live_server, account) == [100]


def test_checks_and_reveals_cost_as_documented(page: Page, demo, live_server, problems):
    problems.expect(lambda message: "422" in message)  # the refused reveal, on purpose
    open_crossword(page, demo)
    entry = demo.entries[0]
    first = page.locator(demo.cell_id(entry.cells[0]))
    first.click()
    wrong = "Q" if demo.letters[entry.cells[0]] != "Q" else "X"
    page.keyboard.type(wrong + entry.answer[1:3])
    page.get_by_role("button", name=re.compile("^Wort prüfen")).click()
    status = page.locator(f"#xw-{demo.slug}-status")
    expect(status).to_contain_text("Wort geprüft: 1 Buchstabe ist falsch (markiert).")
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(first).to_have_value(wrong)  # marked, not corrected
    value = 100 - CROSSWORD_WORD_CHECK_COST
    expect(page.locator(".xw-help__now")).to_contain_text(f"bringt jetzt {value} Punkte")
    assert_accessible(page)  # a check's marks

    page.locator(demo.cell_id(entry.cells[0])).click()
    page.get_by_role("button", name=re.compile("^Buchstaben aufdecken")).click()
    expect(status).to_contain_text("Ein Buchstabe ist aufgedeckt.")
    expect(page.locator(demo.cell_id(entry.cells[0]))).to_have_value(demo.letters[entry.cells[0]])
    value -= CROSSWORD_REVEAL_COST
    expect(page.locator(".xw-help__now")).to_contain_text(f"bringt jetzt {value} Punkte")
    assert_accessible(page)  # after a reveal

    page.get_by_role("button", name=re.compile("^Rätsel prüfen")).click()
    expect(status).to_contain_text("Rätsel geprüft: Kein eingetragener Buchstabe ist falsch.")
    value -= CROSSWORD_GRID_CHECK_COST
    expect(page.locator(".xw-help__now")).to_contain_text(f"bringt jetzt {value} Punkte")

    page.locator(demo.cell_id(entry.cells[0])).click()
    page.get_by_role("button", name=re.compile("^Buchstaben aufdecken")).click()
    expect(status).to_contain_text("Da gibt es nichts aufzudecken")  # right already: free
    assert_accessible(page)  # a refusal in the status region

    for cell, letter in demo.letters.items():
        page.locator(demo.cell_id(cell)).fill(letter)
    expect(page.locator(".crossword-result__points")).to_have_text(
        f"{value} Punkte in der Rangliste"
    )
    assert value in points_of(live_server)


def test_progress_resumes_in_a_second_browser_context(open_page, demo, live_server):
    with live_server.app.app_context():
        email = make_account(nickname="Zweigeräte").email
        db.session.remove()
    phone, laptop = open_page(), open_page()
    for page in (phone, laptop):
        page.goto("/anmelden")
        page.get_by_label("E-Mail").fill(email)
        page.get_by_label("Passwort").fill(PASSWORD)
        page.get_by_role("button", name="Anmelden").click()
        expect(page.get_by_role("link", name="Profil", exact=True)).to_be_visible()
    open_crossword(phone, demo)
    entry = demo.entries[0]
    phone.locator(demo.cell_id(entry.cells[0])).click()
    phone.keyboard.type(entry.answer)
    expect(phone.locator(f"#xw-{demo.slug}-saved")).to_have_text("Gespeichert")
    open_crossword(laptop, demo)
    for cell, letter in zip(entry.cells, entry.answer, strict=True):
        expect(laptop.locator(demo.cell_id(cell))).to_have_value(letter)


def test_the_closed_crossword_is_accessible_and_checks_work_without_javascript(
    open_page, demo, live_server
):
    page = open_page()
    page.goto(f"/kreuzwortraetsel/{CLOSED_SLUG}")
    expect(page.get_by_role("heading", name="Die Lösung")).to_be_visible()
    assert_accessible(page)  # after the close: the solution grid below the playable one
    nojs = open_page(javascript=False)
    nojs.goto(f"/kreuzwortraetsel/{demo.slug}")
    entry = demo.entries[0]
    wrong = "Q" if entry.answer[0] != "Q" else "X"
    nojs.locator(demo.cell_id(entry.cells[0])).fill(wrong)
    nojs.get_by_role("button", name=re.compile("^Rätsel prüfen")).click()
    expect(nojs.locator(f"#xw-{demo.slug}-status")).to_contain_text("1 Buchstabe ist falsch")
    marked = nojs.locator(demo.cell_id(entry.cells[0]))
    expect(marked).to_have_value(wrong)
    expect(marked).to_have_attribute("aria-invalid", "true")
    value = 100 - CROSSWORD_GRID_CHECK_COST
    expect(nojs.locator(".xw-help__now")).to_contain_text(f"bringt jetzt {value} Punkte")
