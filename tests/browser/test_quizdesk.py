"""The quiz desk in Chromium: an editor builds a quiz, each question on its own page with
only its kind's fields; reordering happens in place with htmx; removing asks first."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from harzquiz.extensions import db
from tests.browser.test_accessibility import assert_accessible
from tests.factories import PASSWORD, make_account

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(page: Page, live_server) -> Page:
    with live_server.app.app_context():
        account = make_account(role="editor")
        email = account.email
        db.session.remove()
    page.goto("/anmelden")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.locator("#email")).to_have_count(0)
    return page


def test_an_editor_builds_a_quiz(editor_page: Page, problems):
    page = editor_page
    problems.expect(lambda message: "status of 422" in message)  # the refused question below
    page.goto("/redaktion/quizze/neu")
    assert_accessible(page)
    page.get_by_label("Adresse (Kürzel)").fill("desk-quiz")
    page.get_by_label("Titel", exact=True).fill("Quiz aus der Redaktion")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz aus der Redaktion")
    assert_accessible(page)

    questions = page.locator("#quizdesk-questions")
    items = questions.locator(".quizdesk-question strong[lang=de]")
    for prompt in ("Erste Frage?", "Zweite Frage?"):
        questions.get_by_role("link", name="Einfachauswahl", exact=True).click()
        page.get_by_label("Frage", exact=True).fill(prompt)
        page.get_by_label("Antworten zur Auswahl").fill("*Ja\nNein")
        page.get_by_role("button", name="Frage speichern").click()
        expect(questions.locator(".quizdesk-question", has_text=prompt)).to_be_visible()
    expect(items).to_have_text(["Erste Frage?", "Zweite Frage?"])

    def control(prompt: str, role: str, action: str):
        item = questions.locator(".quizdesk-question", has_text=prompt)
        return item.get_by_role(role, name=re.compile(f"^{action}"))  # type: ignore[arg-type]

    page.evaluate("window.__noReload = 1")
    control("Zweite Frage?", "button", "Frage nach oben").click()
    expect(items).to_have_text(["Zweite Frage?", "Erste Frage?"])
    assert page.evaluate("window.__noReload") == 1, "the page was reloaded"
    expect(control("Erste Frage?", "link", "Frage entfernen")).to_have_accessible_name(
        re.compile(r"Frage entfernen.*2: Erste Frage\?")  # which one, for screen readers
    )
    control("Erste Frage?", "link", "Frage entfernen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Frage entfernen?")
    page.get_by_role("button", name="Frage entfernen").click()
    expect(items).to_have_text(["Zweite Frage?"])

    # A refused question says why, beside the field.
    questions.get_by_role("link", name="Freitext", exact=True).click()
    page.get_by_label("Frage", exact=True).fill("Ohne Lösung?")
    page.get_by_role("button", name="Frage speichern").click()
    expect(page.locator("#solution-errors")).to_contain_text("Bitte gib die richtige Antwort ein.")
    expect(page.locator("#solution")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    page.get_by_role("link", name="Abbrechen").click()
    page.get_by_role("link", name="Vorschau").click()
    expect(page.locator("main")).to_contain_text("Zweite Frage?")
    assert_accessible(page)
