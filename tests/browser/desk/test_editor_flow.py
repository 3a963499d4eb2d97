"""An editor writes and schedules a riddle in the desk; once live, a reader solves it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_for_htmx_settle
from tests.factories import NOW, PASSWORD

pytestmark = pytest.mark.browser

SLUG = "harzer-hexentreppe"


def log_in(page: Page, email: str, next_path: str) -> None:
    """Log in through the login form, landing on `next_path`."""
    page.goto(f"/anmelden?next={next_path}")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_path) + "$"))


def add_row(page: Page, button: str, field_id: str) -> None:
    """Add a row with htmx: the new row's first input gets the focus."""
    page.get_by_role("button", name=button).click()
    expect(page.locator(f"#{field_id}")).to_be_focused()


def test_editor_schedules_a_riddle_and_a_reader_solves_it(open_page, live_server, accounts):
    editor = open_page()
    log_in(editor, accounts["editor"], "/redaktion/raetsel/neu")
    editor.evaluate("window.__noReload = 1")

    editor.locator("#title").fill("Die Hexentreppe")
    editor.locator("#slug").fill(SLUG)
    editor.locator("#question").fill("Welcher Wanderweg führt von Thale hinauf zum Hexentanzplatz?")
    editor.locator("#solution").fill("Hexenstieg")
    editor.locator("#explanation").fill("Der Hexenstieg führt quer durch den Harz.")
    add_row(editor, "Alternative hinzufügen", "alternatives-0-text")
    editor.keyboard.type("Harzer Hexenstieg")
    add_row(editor, "Fast-richtig hinzufügen", "near_misses-0-phrase")
    editor.keyboard.type("Stieg")
    editor.locator("#near_misses-0-nudge").fill("Fast! Welcher Stieg?")
    add_row(editor, "Tipp hinzufügen", "hints-0-text")
    editor.keyboard.type("Er beginnt in Osterode.")
    editor.locator("#hints-0-cost").fill("20")
    add_row(editor, "Tipp hinzufügen", "hints-1-text")
    editor.keyboard.type("Hexen kommen darin vor.")
    # Remove a row again: the other rows keep what was typed.
    add_row(editor, "Tipp hinzufügen", "hints-2-text")
    editor.get_by_role("button", name="Entfernen: Tipp 3").click()
    expect(editor.locator("#hints-2-text")).to_have_count(0)
    expect(editor.locator("#hints-1-text")).to_have_value("Hexen kommen darin vor.")

    # "Antwort testen": judged against the unsaved form while typing.
    result = editor.locator("#answer-test-result")
    expect(result).to_have_attribute("aria-live", "polite")
    tester = editor.locator("#test_answer")
    wait_for_htmx_settle(editor)
    tester.fill("harzer hexen-stieg")
    expect(result.locator("[data-verdict=correct]")).to_contain_text("Harzer Hexenstieg")
    tester.fill("Stieg")
    expect(result.locator("[data-verdict=close]")).to_contain_text("Fast! Welcher Stieg?")
    tester.fill("Brockenweg")
    expect(result.locator("[data-verdict=wrong]")).to_be_visible()
    tester.fill("Hexenstig")  # a typo within tolerance
    expect(result.locator("[data-verdict=correct]")).to_contain_text("Hexenstieg")
    # Enter and the button test the answer too; neither saves nor replaces the form.
    tester.fill("Brockenweg")
    tester.press("Enter")
    expect(result.locator("[data-verdict=wrong]")).to_be_visible()
    tester.fill("Stieg")
    editor.get_by_role("button", name="Antwort prüfen").click()
    expect(result.locator("[data-verdict=close]")).to_be_visible()
    expect(editor.locator("#riddle-form #title")).to_have_value("Die Hexentreppe")
    assert editor.evaluate("window.__noReload") == 1

    # Schedule it: next Monday 06:00 Berlin, for a week.
    editor.locator("#publish_at").fill("2026-11-30T06:00")
    editor.locator("#closes_at").fill("2026-12-07T06:00")
    editor.locator("#riddle-form .desk-form__toolbar button").first.click()
    expect(editor.locator(".flash--success")).to_have_text("Rätsel gespeichert.")
    expect(editor).to_have_url(re.compile(r"/redaktion/raetsel/\d+$"))
    assert editor.evaluate("window.__noReload") is None  # HX-Redirect loaded the saved form
    expect(editor.locator("#hints-1-text")).to_have_value("Hexen kommen darin vor.")

    editor.get_by_role("link", name="Rätsel", exact=True).click()
    expect(editor.locator("tr[data-status=scheduled]")).to_contain_text("Die Hexentreppe")

    reader = open_page()
    reader.goto("/")
    expect(reader.get_by_text("Die Hexentreppe")).to_have_count(0)  # not live yet

    live_server.app.config["NOW"] = NOW + timedelta(days=5)  # Monday 11:00 Berlin
    try:
        editor.reload()
        expect(editor.locator("tr[data-status=live]")).to_contain_text("Die Hexentreppe")
        reader.goto("/")
        expect(reader.locator(f"#riddle-{SLUG}")).to_contain_text("Die Hexentreppe")
        reader.locator(f"#guess-{SLUG}").fill("Stieg")
        reader.locator(f"#guess-{SLUG}").press("Enter")
        expect(reader.locator(f"#feedback-{SLUG} [data-verdict=close]")).to_contain_text(
            "Fast! Welcher Stieg?"
        )
        reader.locator(f"#guess-{SLUG}").fill("Hexenstieg")
        reader.locator(f"#guess-{SLUG}").press("Enter")
        expect(reader.locator(f"#feedback-{SLUG} [data-verdict=correct]")).to_be_visible()
        # One success message (the feedback); the play area goes on to the solution.
        expect(reader.locator(f"#solution-{SLUG}")).to_be_visible()
        editor.reload()
        row = editor.locator("tr[data-status=live]")
        expect(row.locator("td.num").nth(2)).to_have_text("1")  # one solve
    finally:
        live_server.app.config["NOW"] = NOW
