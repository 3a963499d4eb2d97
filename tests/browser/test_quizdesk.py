"""The quiz desk in Chromium: an editor builds a quiz with htmx, in place; axe-core is clean."""

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


def test_an_editor_builds_a_quiz_in_place(editor_page: Page, problems):
    page = editor_page
    problems.expect(lambda message: "status of 422" in message)  # the refused question below
    page.goto("/redaktion/quizze/neu")
    assert_accessible(page)
    page.get_by_label("Adresse (Kürzel)").fill("desk-quiz")
    page.get_by_label("Titel", exact=True).fill("Quiz aus der Redaktion")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quiz aus der Redaktion")
    assert_accessible(page)

    page.evaluate("window.__noReload = 1")
    questions = page.locator("#quizdesk-questions")
    for prompt in ("Erste Frage?", "Zweite Frage?"):
        questions.get_by_label("Fragetyp").select_option("single")
        questions.get_by_label("Frage", exact=True).fill(prompt)
        questions.get_by_label("Antworten zur Auswahl").fill("*Ja\nNein")
        questions.get_by_role("button", name="Frage hinzufügen").click()
        expect(questions.locator(".quizdesk-question", has_text=prompt)).to_be_visible()
    items = questions.locator(".quizdesk-question strong[lang=de]")
    expect(items).to_have_text(["Erste Frage?", "Zweite Frage?"])

    def button(prompt: str, action: str):
        item = questions.locator(".quizdesk-question", has_text=prompt)
        return item.get_by_role("button", name=re.compile(f"^{action}"))

    button("Zweite Frage?", "Frage nach oben").click()
    expect(items).to_have_text(["Zweite Frage?", "Erste Frage?"])
    expect(button("Erste Frage?", "Frage entfernen")).to_have_accessible_name(
        re.compile(r"Frage entfernen.*2: Erste Frage\?")  # which one, for screen readers
    )
    button("Erste Frage?", "Frage entfernen").click()
    expect(items).to_have_text(["Zweite Frage?"])

    # A refused question says why, in place.
    questions.get_by_label("Fragetyp").select_option("text")
    questions.get_by_label("Frage", exact=True).fill("Ohne Lösung?")
    questions.get_by_role("button", name="Frage hinzufügen").click()
    expect(questions.locator("[data-verdict=error]")).to_contain_text(
        "Bitte gib die richtige Antwort ein."
    )
    assert page.evaluate("window.__noReload") == 1, "the page was reloaded"
    assert_accessible(page)

    page.get_by_role("link", name="Vorschau").click()
    expect(page.locator("main")).to_contain_text("Zweite Frage?")
    assert_accessible(page)
