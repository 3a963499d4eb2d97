"""\"Passwort vergessen\" in the browser, with JavaScript on and off: the link arrives at a
real SMTP server (tests/mailbox.py), the new password works, the used link is refused,
and axe finds nothing on the new pages."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page, expect

from harzquiz.extensions import db
from tests.browser.conftest import wait_for_htmx_ready
from tests.browser.test_accessibility import assert_accessible
from tests.factories import PASSWORD, make_account
from tests.mailbox import smtp_server

pytestmark = pytest.mark.browser

NEW_PASSWORD = "frisches-harzpasswort-7"


@pytest.fixture
def mailbox(live_server):
    """The live server sends through a real SMTP server for this test."""
    config = live_server.app.config
    saved = {key: config[key] for key in ("MAIL_HOST", "MAIL_PORT", "SITE_URL")}
    with smtp_server() as mailbox:
        config.update({**mailbox.app_config(), "SITE_URL": live_server.url})
        try:
            yield mailbox
        finally:
            config.update(saved)


def audit(page: Page, javascript: bool) -> None:
    """axe on the page; axe itself is JavaScript, so it runs in the JavaScript pass only
    (the server sends the same markup to both)."""
    if javascript:
        assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_forgotten_password_end_to_end(open_page, live_server, mailbox, problems, javascript):
    problems.expect(lambda message: "status of 410" in message)
    with live_server.app.app_context():
        account = make_account(nickname=f"Vergesslich{secrets.token_hex(2)}")
        email, nickname = account.email, account.nickname
        db.session.remove()
    page: Page = open_page(javascript=javascript)

    page.goto("/anmelden")
    page.get_by_role("link", name="Passwort vergessen?").click()
    expect(page.get_by_role("heading", name="Passwort vergessen")).to_be_visible()
    if javascript:
        wait_for_htmx_ready(page)
    audit(page, javascript)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_role("button", name="Link anfordern").click()
    expect(page.get_by_role("status")).to_contain_text("Wenn ein Konto mit dieser E-Mail-Adresse")
    audit(page, javascript)

    link = mailbox.last_to(email).link()
    page.goto(link)
    expect(page.get_by_role("heading", name="Neues Passwort wählen")).to_be_visible()
    if javascript:
        wait_for_htmx_ready(page)
    audit(page, javascript)
    page.get_by_label("Neues Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Neues Passwort wiederholen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.locator(".flash--success")).to_contain_text("Melde dich jetzt mit dem neuen")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    if javascript:
        wait_for_htmx_ready(page)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name=f"Abmelden ({nickname})")).to_be_visible()

    # The link worked once: now it gets a clear page with the way to a new one.
    response = page.goto(link)
    assert response is not None and response.status == 410
    expect(page.get_by_role("heading", name="Dieser Link funktioniert nicht")).to_be_visible()
    expect(page.get_by_role("link", name="Neuen Link zum Zurücksetzen anfordern")).to_be_visible()
    audit(page, javascript)


def test_confirming_and_changing_the_address_pages_are_accessible(page: Page, mailbox):
    nickname = f"Neuling{secrets.token_hex(2)}"
    email = f"{nickname.lower()}@example.org"
    page.goto("/registrieren")
    page.get_by_label("Spitzname").fill(nickname)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort wiederholen").fill(PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.locator(".flash--success").last).to_contain_text("Bitte bestätige")
    # The one question after registering (mail for new riddles), then the profile.
    page.get_by_role("button", name="Nein, danke").click()
    expect(page.locator("[data-email-unconfirmed]")).to_contain_text("noch nicht bestätigt")
    assert_accessible(page)  # the profile with the resend button

    page.goto(mailbox.last_to(email).link())
    assert_accessible(page)
    page.get_by_role("button", name="Adresse bestätigen").click()
    expect(page.locator(".flash--success")).to_contain_text("ist bestätigt")
    expect(page.locator("main")).to_contain_text(f"{email} (bestätigt)")

    page.get_by_role("link", name="E-Mail-Adresse ändern").click()
    expect(page.get_by_role("heading", name="E-Mail-Adresse ändern")).to_be_visible()
    wait_for_htmx_ready(page)
    assert_accessible(page)
    page.get_by_label("Neue E-Mail-Adresse").fill(f"neu-{email}")
    page.get_by_label("Aktuelles Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Bestätigungslink senden").click()
    expect(page.locator(".flash--success")).to_contain_text("Erst wenn du ihn öffnest")
    page.goto(mailbox.last_to(f"neu-{email}").link())
    assert_accessible(page)
    page.get_by_role("button", name="Neue Adresse bestätigen").click()
    expect(page.locator(".flash--success")).to_contain_text(f"jetzt neu-{email}")
