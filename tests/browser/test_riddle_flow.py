"""The riddle of the week with JavaScript: htmx swaps feedback, hints, reveal and leaderboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_SLUG

pytestmark = pytest.mark.browser

SLUG = DEMO_SLUG


def mark_document(page: Page) -> None:
    """Put a marker on window; it survives htmx swaps and vanishes on any page load."""
    page.evaluate("window.__noReload = 1")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("window.__noReload") == 1, "the page was reloaded"


def guess(page: Page, text: str) -> None:
    page.locator(f"#guess-{SLUG}").fill(text)
    page.locator(f"#play-{SLUG} .guess-form button[type=submit]").click()


def test_wrong_close_hint_and_solve_swap_in_place(page: Page, live_server):
    page.goto("/")
    expect(page.locator(f"#riddle-{SLUG}")).to_be_visible()
    mark_document(page)
    feedback = page.locator(f"#feedback-{SLUG}")
    expect(feedback).to_have_attribute("aria-live", "polite")
    expect(page.locator("#leaderboard .is-own")).to_have_count(0)

    guess(page, "Sonnenschirm")
    wrong = feedback.locator("[data-verdict=wrong]")
    expect(wrong).to_be_visible()
    expect(wrong).to_contain_text("Leider falsch.")
    expect(wrong).to_contain_text("„Sonnenschirm“ ist es nicht.")
    expect(page.locator(f"#guess-{SLUG}")).to_be_focused()
    expect(page.locator(f"#value-{SLUG}")).to_contain_text("90 von 100 Punkten")

    guess(page, "Grill")
    close = feedback.locator("[data-verdict=close]")
    expect(close).to_be_visible()
    expect(close).to_contain_text("Aber welcher Grill genau?")
    expect(feedback.locator("[data-verdict=wrong]")).to_have_count(0)
    expect(page.locator(f"#value-{SLUG}")).to_contain_text("90 von 100 Punkten")  # close is free

    page.get_by_role("button", name=re.compile(r"Tipp 1 freischalten")).click()
    hint = page.locator(f"#hint-{SLUG}-1")
    expect(hint).to_have_text("Es hat einen Deckel und steht meist auf drei Beinen.")
    expect(hint).to_be_focused()
    expect(close).to_be_visible()  # the last feedback stays
    expect(page.locator(f"#value-{SLUG}")).to_contain_text("70 von 100 Punkten")
    expect(page.get_by_role("button", name=re.compile(r"Tipp 2 freischalten"))).to_be_visible()

    guess(page, "kugelgrill")
    correct = feedback.locator("[data-verdict=correct]")
    expect(correct).to_be_visible()
    expect(correct).to_contain_text("Richtig!")
    expect(correct).to_contain_text("Du bekommst 70 Punkte.")
    # One success message, read out by the live region; focus moves on to the solution.
    expect(page.locator(f"#solution-{SLUG}")).to_be_focused()
    expect(page.locator(f"#guess-{SLUG}")).to_have_count(0)
    expect(page.locator(f"#done-{SLUG}")).to_have_count(0)

    # The leaderboard beside the riddle refreshed itself (HX-Trigger: leaderboard-changed).
    own = page.locator("#leaderboard tr.is-own")
    expect(own).to_have_count(1)
    expect(own).to_have_attribute("aria-current", "true")
    expect(own.locator("td").nth(1)).to_have_text(re.compile(r"^Gast-\d{6}$"))
    expect(own.locator("td").nth(2)).to_have_text("70")
    nickname = own.locator("td").nth(1).inner_text()
    assert_not_reloaded(page)

    # The row is this reader's: the nickname page names the same guest.
    page.goto("/spitzname")
    expect(page.locator("main")).to_contain_text(
        f"Auf der Rangliste erscheinst du als „{nickname}“."
    )


def test_empty_guess_is_refused_in_place(page: Page, problems):
    page.goto(f"/raetsel/{SLUG}")
    mark_document(page)
    # The refusal answers 422 (htmx swaps it in); Chromium logs that status as a console error.
    problems.expect(lambda message: "status of 422" in message and "/raten" in message)
    guess(page, "")
    error = page.locator(f"#feedback-{SLUG} [data-verdict=error]")
    expect(error).to_contain_text("Bitte gib eine Antwort ein.")
    expect(page.locator(f"#guess-{SLUG}")).to_be_focused()
    expect(page.locator(f"#value-{SLUG}")).to_contain_text("100 von 100 Punkten")  # nothing stored
    assert_not_reloaded(page)


def test_reveal_asks_first_then_shows_solution(page: Page):
    page.goto("/")
    mark_document(page)
    solution = page.locator(f"#solution-{SLUG}")
    expect(solution).to_have_count(0)

    page.get_by_role("link", name="Lösung anzeigen", exact=True).click()
    warning = page.locator(f"#reveal-{SLUG}-warning")
    expect(warning).to_contain_text("Willst du die Lösung wirklich sehen?")
    expect(warning).to_be_focused()
    expect(solution).to_have_count(0)  # asking is not revealing

    page.get_by_role("button", name="Ja, Lösung anzeigen").click()
    expect(solution).to_have_text("Die Lösung: Kugelgrill")
    expect(solution).to_be_focused()
    expect(page.locator(f"#reveal-{SLUG}")).to_contain_text("1952 schnitt George Stephen")
    expect(page.locator(f"#play-{SLUG} form.guess-form")).to_have_count(0)
    expect(page.locator(f"#guess-{SLUG}")).to_have_count(0)
    expect(page.locator(f"#play-{SLUG}")).to_contain_text("Du hast dir die Lösung angezeigt.")
    # Revealed riddles show every hint, and none can be unlocked any more.
    expect(page.locator(f"#hints-{SLUG} li")).to_have_count(2)
    expect(page.get_by_role("button", name=re.compile("freischalten"))).to_have_count(0)
    assert_not_reloaded(page)


def test_leaderboard_tabs_swap_in_place(page: Page, live_server, veteran):
    page.goto("/")
    mark_document(page)
    tabs = page.locator("#leaderboard nav.tabs")
    week = tabs.get_by_role("link", name="Diese Woche")
    expect(week).to_have_attribute("aria-current", "page")
    expect(page.locator("#leaderboard table caption")).to_have_text("Rangliste: Diese Woche")
    expect(page.locator("#leaderboard")).not_to_contain_text(veteran)

    tabs.get_by_role("link", name="Gesamt").click()
    expect(tabs.get_by_role("link", name="Gesamt")).to_have_attribute("aria-current", "page")
    expect(tabs.get_by_role("link", name="Diese Woche")).not_to_have_attribute(
        "aria-current", "page"
    )
    expect(tabs.get_by_role("link", name="Gesamt")).to_be_focused()  # not lost to <body>
    expect(page.locator("#leaderboard table caption")).to_have_text("Rangliste: Gesamt")
    top_row = page.locator("#leaderboard tbody tr").first.locator("td:not(.report-cell)")
    expect(top_row).to_have_text(["1", veteran, "500"])
    assert page.url == f"{live_server.url}/"
    assert_not_reloaded(page)


def test_cancelling_the_reveal_keeps_playing_in_place(page: Page):
    page.goto("/")
    mark_document(page)
    page.get_by_role("link", name="Lösung anzeigen", exact=True).click()
    page.get_by_role("link", name="Abbrechen, weiter raten").click()
    reveal_link = page.locator(f"#reveal-link-{SLUG}")
    expect(reveal_link).to_be_visible()
    expect(reveal_link).to_be_focused()  # focus returns to the swapped region, not <body>
    expect(page.locator(f"#guess-{SLUG}")).to_be_visible()
    expect(page.locator(f"#solution-{SLUG}")).to_have_count(0)
    assert_not_reloaded(page)


def test_confirmation_page_opened_directly_works_with_javascript(page: Page, live_server):
    # E.g. "Lösung anzeigen" opened in a new tab: the riddle page with the confirm step.
    page.goto(f"/raetsel/{SLUG}/loesung?next=/")
    expect(page.locator(f"#reveal-{SLUG}-warning")).to_be_visible()
    page.get_by_role("button", name="Ja, Lösung anzeigen").click()
    expect(page.locator(f"#solution-{SLUG}")).to_have_text("Die Lösung: Kugelgrill")
    expect(page.locator("header.site-header")).to_have_count(1)


def test_a_stale_tab_gets_feedback_not_a_page_inside_the_widget(page: Page):
    page.goto("/")
    other_tab = page.context.new_page()  # same reader, same cookie
    other_tab.goto("/")
    other_tab.locator(f"#guess-{SLUG}").fill("Kugelgrill")
    other_tab.locator(f"#play-{SLUG} .guess-form button[type=submit]").click()
    expect(other_tab.locator("[data-verdict=correct]")).to_be_visible()
    other_tab.close()

    mark_document(page)
    page.get_by_role("link", name="Lösung anzeigen", exact=True).click()
    # Already solved: no confirmation; the widget says why and shows how it stands, once,
    # and this tab's leaderboard catches up too.
    expect(page.locator(f"#feedback-{SLUG}")).to_contain_text("schon gelöst")
    expect(page.locator(f"#play-{SLUG}")).to_contain_text("Gelöst!")
    expect(page.locator("#leaderboard .is-own")).to_have_count(1)
    expect(page.locator("header.site-header")).to_have_count(1)
    expect(page.locator("footer.site-footer")).to_have_count(1)
    assert_not_reloaded(page)
