"""The riddle without JavaScript: plain forms, post/redirect/get, and real links."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_SLUG

pytestmark = pytest.mark.browser

SLUG = DEMO_SLUG


def submit_guess(page: Page, text: str) -> None:
    page.locator(f"#guess-{SLUG}").fill(text)
    page.locator(f"#play-{SLUG} .guess-form button[type=submit]").click()


def test_javascript_is_really_off(nojs_page: Page):
    nojs_page.goto("/")
    # With scripts off neither htmx nor site.js runs: the forms below are plain forms.
    assert nojs_page.evaluate("typeof window.htmx") == "undefined"


def test_guess_hint_and_solve_with_plain_forms(nojs_page: Page, live_server):
    page = nojs_page
    page.goto("/")
    feedback = page.locator(f"#feedback-{SLUG}")

    submit_guess(page, "Sonnenschirm")
    # Post/redirect/get lands back on the page, at the riddle.
    expect(page).to_have_url(f"{live_server.url}/#riddle-{SLUG}")
    expect(feedback.locator("[data-verdict=wrong]")).to_contain_text("„Sonnenschirm“ ist es nicht.")
    expect(page.locator(f"#value-{SLUG}")).to_contain_text("90 von 100 Punkten")

    # The stashed feedback is shown once: a plain reload shows none.
    page.reload()
    expect(feedback.locator("[data-verdict]")).to_have_count(0)

    submit_guess(page, "Grill")
    expect(feedback.locator("[data-verdict=close]")).to_contain_text("Aber welcher Grill genau?")

    page.get_by_role("button", name=re.compile(r"Tipp 1 freischalten")).click()
    expect(page).to_have_url(f"{live_server.url}/#hints-{SLUG}")
    expect(page.locator(f"#hint-{SLUG}-1")).to_have_text(
        "Es hat einen Deckel und steht meist auf drei Beinen."
    )
    expect(page.locator(f"#value-{SLUG}")).to_contain_text("70 von 100 Punkten")

    submit_guess(page, "Weber-Kugelgrill")
    expect(page).to_have_url(f"{live_server.url}/#riddle-{SLUG}")
    correct = feedback.locator("[data-verdict=correct]")
    expect(correct).to_contain_text("Du bekommst 70 Punkte.")
    expect(page.locator(f"#guess-{SLUG}")).to_have_count(0)
    own = page.locator("#leaderboard tr.is-own")
    expect(own.locator("td").nth(2)).to_have_text("70")


def test_empty_guess_shows_an_error(nojs_page: Page, live_server, problems):
    page = nojs_page
    page.goto(f"/raetsel/{SLUG}")
    # The refused guess answers 422 with the page; Chromium logs that status as a console error.
    problems.expect(lambda message: "status of 422" in message and "/raten" in message)
    submit_guess(page, "   ")
    expect(page).to_have_url(f"{live_server.url}/raetsel/{SLUG}/raten")
    error = page.locator(f"#feedback-{SLUG} [data-verdict=error]")
    expect(error).to_contain_text("Bitte gib eine Antwort ein.")
    # The form is still there to try again.
    expect(page.locator(f"#guess-{SLUG}")).to_be_visible()


def test_reveal_goes_through_the_confirmation_page(nojs_page: Page, live_server):
    page = nojs_page
    page.goto("/")
    page.get_by_role("link", name="Lösung anzeigen", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/raetsel/{SLUG}/loesung\?next=/#reveal-{SLUG}$"))
    # The confirmation step sits in the riddle's own page, in place of the reveal button.
    expect(page.locator(f"#reveal-{SLUG}")).to_contain_text("Willst du die Lösung wirklich sehen?")
    expect(page.locator("main")).not_to_contain_text("Kugelgrill")  # asking is not revealing

    page.get_by_role("button", name="Ja, Lösung anzeigen").click()
    expect(page).to_have_url(f"{live_server.url}/#solution-{SLUG}")
    expect(page.locator(f"#solution-{SLUG}")).to_have_text("Die Lösung: Kugelgrill")
    expect(page.locator(f"#reveal-{SLUG}")).to_contain_text("1952 schnitt George Stephen")
    expect(page.locator(f"#guess-{SLUG}")).to_have_count(0)


def test_cancel_on_the_confirmation_page_keeps_playing(nojs_page: Page, live_server):
    page = nojs_page
    page.goto("/")
    page.get_by_role("link", name="Lösung anzeigen", exact=True).click()
    page.get_by_role("link", name="Abbrechen, weiter raten").click()
    expect(page).to_have_url(f"{live_server.url}/#riddle-{SLUG}")
    expect(page.locator(f"#guess-{SLUG}")).to_be_visible()
    expect(page.locator(f"#solution-{SLUG}")).to_have_count(0)


def test_leaderboard_tabs_are_links(nojs_page: Page, live_server, veteran):
    page = nojs_page
    page.goto("/")
    expect(page.locator("#leaderboard")).not_to_contain_text(veteran)
    page.locator("#leaderboard nav.tabs").get_by_role("link", name="Gesamt").click()
    expect(page).to_have_url(f"{live_server.url}/rangliste?zeitraum=gesamt")
    tabs = page.locator("#leaderboard nav.tabs")
    expect(tabs.get_by_role("link", name="Gesamt")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name="Diese Woche")).not_to_have_attribute(
        "aria-current", "page"
    )
    top_row = page.locator("#leaderboard tbody tr").first.locator("td:not(.report-cell)")
    expect(top_row).to_have_text(["1", veteran, "500"])
