"""Accounts in the browser: a guest solves, registers, and finds the solve on the profile."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_SLUG
from tests.browser.test_accessibility import assert_accessible
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "ein-ganz-neues-passwort"


def solve_the_riddle_of_the_week(page: Page) -> None:
    page.goto("/")
    page.locator(f"#guess-{DEMO_SLUG}").fill("Kugelgrill")
    page.locator(f"#guess-{DEMO_SLUG}").press("Enter")
    expect(page.locator(f"#feedback-{DEMO_SLUG} [data-verdict=correct]")).to_be_visible()


def register(page: Page, nickname: str) -> None:
    """Open the registration form from the header and fill it in."""
    page.get_by_role("link", name="Registrieren", exact=True).first.click()
    expect(page.get_by_role("heading", name="Konto anlegen")).to_be_visible()
    page.get_by_label("Spitzname").fill(nickname)
    page.get_by_label("E-Mail-Adresse").fill(f"{nickname.lower()}@example.org")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()


def test_a_guest_solves_registers_and_finds_the_solve_on_the_profile(page: Page):
    nickname = f"Boje{secrets.token_hex(3)}"
    solve_the_riddle_of_the_week(page)
    register(page, nickname)
    expect(page.locator(".flash--success")).to_contain_text(f"Willkommen, {nickname}!")
    page.get_by_role("link", name="Profil", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Profil von {nickname}")
    solved = page.locator("#profile-solved ~ table tbody tr")
    expect(solved).to_have_count(1)
    expect(solved.first).to_contain_text("Aus einer Boje entstanden")
    expect(solved.first.locator("td").last).to_have_text("100")
    expect(page.locator("main")).to_contain_text("1 Woche")  # the current weekly streak
    assert_accessible(page)
    # The solve also counts on the weekly leaderboard under the new name.
    page.goto("/rangliste")
    expect(page.locator("#leaderboard tr.is-own")).to_contain_text(nickname)


def test_registration_errors_are_announced_and_accessible(page: Page, problems):
    problems.expect(lambda message: "status of 422" in message and "/registrieren" in message)
    page.goto("/registrieren")
    page.get_by_label("Spitzname").fill("<b>")
    page.get_by_role("button", name="Konto anlegen").click()
    nickname = page.get_by_label("Spitzname")
    expect(nickname).to_have_attribute("aria-invalid", "true")
    expect(nickname).to_be_focused()
    expect(page.locator("#nickname-errors")).to_contain_text("Erlaubt sind Buchstaben")
    expect(page.locator("#email-errors")).to_contain_text("Bitte gib deine E-Mail-Adresse ein.")
    assert_accessible(page)


def test_the_password_page_changes_the_password_and_stays_logged_in(page: Page):
    nickname = f"Pass{secrets.token_hex(3)}"
    page.goto("/")
    register(page, nickname)
    page.goto("/passwort")
    expect(page.get_by_role("heading", name="Passwort ändern")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Aktuelles Passwort").fill(PASSWORD)
    page.get_by_label("Neues Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Neues Passwort wiederholen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort ändern").click()
    expect(page.locator(".flash--success")).to_contain_text("Dein Passwort ist geändert.")
    expect(page.get_by_role("button", name=f"Abmelden ({nickname})")).to_be_visible()
