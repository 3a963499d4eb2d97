"""Accessibility: axe-core finds no serious or critical violations; keyboard use works."""

from __future__ import annotations

import secrets

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_ARTICLE, DEMO_SLUG
from tests.helpers import reader_paths

pytestmark = pytest.mark.browser

SLUG = DEMO_SLUG
BLOCKING_IMPACTS = {"serious", "critical"}

# The pages keep their real CSP: Playwright injects axe-core through DevTools, which the
# page's script-src does not govern, so no context needs bypass_csp.
axe = Axe()


def blocking_violations(page: Page) -> list[dict]:
    """Run axe-core on the page as it is now; keep the serious and critical findings."""
    results = axe.run(page)
    return [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """One actionable block per violation: rule, impact, help, and each node's target."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(line.strip() for line in node.get("failureSummary", "").splitlines())
            lines.append(f"  - {target}")
            lines.append(f"    {summary}")
            lines.append(f"    {node['html'][:200]}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = blocking_violations(page)
    if violations:
        pytest.fail(f"axe-core on {page.url}:\n{describe(violations)}", pytrace=False)


@pytest.mark.parametrize("path", reader_paths(SLUG, DEMO_ARTICLE))
def test_page_has_no_serious_violations(page: Page, path: str):
    response = page.goto(path)
    assert response is not None and response.status == 200
    assert_accessible(page)


def test_home_with_feedback_shown(page: Page):
    page.goto("/")
    page.locator(f"#guess-{SLUG}").fill("Sonnenschirm")
    page.locator(f"#guess-{SLUG}").press("Enter")
    expect(page.locator(f"#feedback-{SLUG} [data-verdict=wrong]")).to_be_visible()
    expect(page.locator(f"#guess-{SLUG}")).to_be_focused()
    assert_accessible(page)


def test_home_with_reveal_confirmation_open(page: Page):
    page.goto("/")
    page.get_by_role("link", name="Lösung anzeigen", exact=True).click()
    expect(page.locator(f"#reveal-{SLUG}-warning")).to_be_focused()
    assert_accessible(page)


def test_home_after_solving(page: Page):
    page.goto("/")
    page.locator(f"#guess-{SLUG}").fill("Kugelgrill")
    page.locator(f"#guess-{SLUG}").press("Enter")
    expect(page.locator(f"#feedback-{SLUG} [data-verdict=correct]")).to_be_visible()
    expect(page.locator("#leaderboard tr.is-own")).to_have_count(1)
    assert_accessible(page)


def active_element(page: Page) -> dict:
    return page.evaluate(
        "({id: document.activeElement.id, cls: document.activeElement.className,"
        " tag: document.activeElement.tagName})"
    )


def test_first_tab_reaches_the_skip_link_which_jumps_to_main(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Zum Inhalt springen")
    expect(skip).to_be_in_viewport()  # visible when focused, not only to screen readers
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()


def test_guess_by_keyboard_alone(page: Page):
    page.goto("/")
    guess_input = page.locator(f"#guess-{SLUG}")
    for _ in range(40):  # header links, language switch, then the riddle
        page.keyboard.press("Tab")
        if active_element(page)["id"] == f"guess-{SLUG}":
            break
    expect(guess_input).to_be_focused()
    page.keyboard.type("Sonnenschirm")
    page.keyboard.press("Enter")
    expect(page.locator(f"#feedback-{SLUG} [data-verdict=wrong]")).to_be_visible()
    expect(guess_input).to_be_focused()  # ready for the next try
    expect(guess_input).to_have_value("")


# --- privacy self-service: the profile's "Deine Daten", the deletion page ---------------


def register_in_browser(page: Page, nickname: str) -> None:
    """Register through the form (the guest's progress comes along)."""
    page.goto("/registrieren")
    page.get_by_label("Spitzname").fill(nickname)
    page.get_by_label("E-Mail-Adresse").fill(f"{nickname.lower()}@example.org")
    page.get_by_label("Passwort", exact=True).fill("harz-passwort-123")
    page.get_by_label("Passwort wiederholen").fill("harz-passwort-123")
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.locator(".flash--success")).to_be_visible()


def test_privacy_pages_of_a_guest_are_accessible(page: Page, problems):
    problems.expect(lambda message: "status of 422" in message and "/profil/loeschen" in message)
    page.goto("/")
    page.locator(f"#guess-{SLUG}").fill("Sonnenschirm")
    page.locator(f"#guess-{SLUG}").press("Enter")
    expect(page.locator(f"#feedback-{SLUG} [data-verdict=wrong]")).to_be_visible()
    page.goto("/profil")
    expect(page.get_by_role("heading", name="Deine Daten")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Spielstand löschen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Spielstand löschen")
    assert_accessible(page)
    page.get_by_role("button", name="Spielstand endgültig löschen").click()  # box unticked
    confirm = page.get_by_label("Ja, ich möchte alles endgültig löschen.")
    expect(confirm).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    confirm.check()
    page.get_by_role("button", name="Spielstand endgültig löschen").click()
    expect(page.locator(".flash--success")).to_contain_text("Dein Spielstand ist gelöscht.")


def test_deleting_an_account_in_the_browser_is_accessible(page: Page, problems):
    problems.expect(lambda message: "status of 422" in message and "/profil/loeschen" in message)
    nickname = f"Weg{secrets.token_hex(3)}"
    register_in_browser(page, nickname)
    page.goto("/profil")
    expect(page.get_by_role("heading", name="Deine Daten")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Konto löschen").click()
    page.get_by_label("Passwort", exact=True).fill("falsch-falsch-falsch")
    page.get_by_label("Ja, ich möchte alles endgültig löschen.").check()
    page.get_by_role("button", name="Konto endgültig löschen").click()
    expect(page.locator("#password-errors")).to_contain_text("Das Passwort stimmt nicht.")
    assert_accessible(page)
    page.get_by_label("Passwort", exact=True).fill("harz-passwort-123")
    page.get_by_label("Ja, ich möchte alles endgültig löschen.").check()
    page.get_by_role("button", name="Konto endgültig löschen").click()
    expect(page.locator(".flash--success")).to_contain_text("Dein Konto und alle Daten")
    expect(page.get_by_role("link", name="Anmelden").first).to_be_visible()


def test_the_privacy_page_is_accessible_in_english(page: Page):
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.goto("/datenschutz")
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy")
    assert_accessible(page)
