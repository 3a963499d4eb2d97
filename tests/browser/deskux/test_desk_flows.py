"""The desk's flows in Chromium, with JavaScript on and again off: building a quiz of all
five kinds (edit a question's text, reorder, preview, publish), "Nächstes Rätsel planen",
and closing a riddle early through its confirmation."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from harzquiz.extensions import db
from harzquiz.models import Riddle
from tests.browser.desk.test_editor_flow import log_in
from tests.browser.test_accessibility import assert_accessible
from tests.factories import NOW, make_riddle

pytestmark = pytest.mark.browser

JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])

# What each kind's page asks for, filled in by the editor.
KINDS = [
    ("Einfachauswahl", "Welcher Berg ist der höchste?", {"#choices": "Wurmberg\n*Brocken"}),
    ("Mehrfachauswahl", "Welche Orte liegen im Harz?", {"#choices": "*Goslar\nKiel\n*Thale"}),
    ("Stimmt / stimmt nicht", "Der Brocken ist über 1000 m hoch.", {"truth": "stimmt"}),
    ("Zahl schätzen", "Wie hoch ist der Brocken (m)?", {"#number": "1141", "#tolerance": "10"}),
    ("Freitext", "Wo tanzen die Hexen?", {"#solution": "Hexentanzplatz"}),
]


def check_accessible(page: Page, javascript: bool) -> None:
    """axe-core runs as a script in the page: only where JavaScript is on (the walk in
    test_desk_walk.py covers every desk page)."""
    if javascript:
        assert_accessible(page)


def prompts(page: Page):
    return page.locator(".quizdesk-question__prompt strong")


def add_question(page: Page, kind: str, prompt: str, fields: dict[str, str]) -> None:
    page.locator(".quizdesk-kinds").get_by_role("link", name=kind, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Neue Frage")
    for name in ("#choices", "#truth-0", "#number", "#solution"):
        wanted = name in fields or (name == "#truth-0" and "truth" in fields)
        expect(page.locator(name)).to_have_count(1 if wanted else 0)  # only its own fields
    page.locator("#prompt").fill(prompt)
    for selector, value in fields.items():
        if selector == "truth":
            page.get_by_label(value, exact=True).check()
        else:
            page.locator(selector).fill(value)
    page.get_by_role("button", name="Frage speichern").click()
    expect(prompts(page).last).to_have_text(prompt)


@JS
def test_an_editor_builds_edits_reorders_previews_and_publishes_a_quiz(
    open_page, accounts, javascript
):
    slug = f"harz-quiz-{'js' if javascript else 'ohne-js'}"
    page = open_page(javascript=javascript)
    log_in(page, accounts["editor"], "/redaktion/quizze/neu")
    page.get_by_label("Adresse (Kürzel)").fill(slug)
    page.get_by_label("Titel", exact=True).fill("Rund um den Brocken")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rund um den Brocken")

    for kind, prompt, fields in KINDS:
        add_question(page, kind, prompt, fields)
    expect(prompts(page)).to_have_text([prompt for _kind, prompt, _fields in KINDS])
    check_accessible(page, javascript)

    # A question's text is editable (until the first answer).
    page.get_by_role("link", name=re.compile(r"^Bearbeiten \(1: ")).click()
    expect(page.locator("#choices")).to_have_value("Wurmberg\n*Brocken")
    page.locator("#prompt").fill("Welcher Gipfel ist der höchste im Harz?")
    page.get_by_role("button", name="Frage speichern").click()
    expect(prompts(page).first).to_have_text("Welcher Gipfel ist der höchste im Harz?")

    # Reordering: with htmx in place, without JavaScript by post/redirect/get.
    if javascript:
        page.evaluate("window.__noReload = 1")
    page.get_by_role("button", name=re.compile(r"^Frage nach unten \(1: ")).click()
    expect(prompts(page).nth(0)).to_have_text("Welche Orte liegen im Harz?")
    expect(prompts(page).nth(1)).to_have_text("Welcher Gipfel ist der höchste im Harz?")
    if javascript:
        assert page.evaluate("window.__noReload") == 1, "the page was reloaded"

    page.get_by_role("link", name="Vorschau").click()
    for _kind, prompt, _fields in KINDS[1:]:
        expect(page.locator("main")).to_contain_text(prompt)
    check_accessible(page, javascript)

    page.get_by_role("link", name="Zurück zum Bearbeiten").click()
    published = (NOW - timedelta(hours=1)).astimezone(UTC) + timedelta(hours=1)  # Berlin = UTC+1
    page.get_by_label("Veröffentlichen am (Berliner Zeit)").fill(f"{published:%Y-%m-%dT%H:%M}")
    page.locator(".quizdesk-form").get_by_role("button", name="Speichern").click()
    expect(page.get_by_label("Veröffentlichen am (Berliner Zeit)")).to_have_value(
        f"{published:%Y-%m-%dT%H:%M}"
    )
    reader = open_page(javascript=javascript)
    response = reader.goto(f"/quiz/{slug}")
    assert response is not None and response.status == 200
    expect(reader.locator("main")).to_contain_text("Welche Orte liegen im Harz?")


@JS
def test_planning_the_next_riddle_in_one_step(open_page, live_server, accounts, javascript):
    name = "js" if javascript else "ohne-js"
    with live_server.app.app_context():
        draft = make_riddle(
            slug=f"naechstes-{name}", title=f"Nächstes {name}", publish_at=None, closes_at=None
        )
        draft_id = draft.id
        db.session.remove()
    day = 27 if javascript else 26  # Berlin 08:00 = 07:00 UTC
    page = open_page(javascript=javascript)
    log_in(page, accounts["editor"], "/redaktion/")
    page.get_by_role("link", name="Nächstes Rätsel planen").click()
    page.get_by_label("Nächstes Rätsel").select_option(label=f"Nächstes {name}")
    check_accessible(page, javascript)
    page.get_by_label("Erscheint am (Berliner Zeit)").fill(f"2026-11-{day}T08:00")
    page.get_by_role("button", name="Planen").click()
    expect(page.locator(".flashes")).to_contain_text(f"„Nächstes {name}“ ist geplant.")
    with live_server.app.app_context():
        planned = db.session.get(Riddle, draft_id)
        start = datetime(2026, 11, day, 7, 0, tzinfo=UTC)
        assert planned is not None and planned.publish_at == start
        still_live = db.session.scalars(
            db.select(Riddle).where(Riddle.publish_at < start, Riddle.closes_at > start)
        ).all()
        assert still_live == []  # whatever was live then ends exactly then
        db.session.remove()


@JS
def test_closing_early_goes_through_its_confirmation(open_page, live_server, accounts, javascript):
    title = f"Schluss {'js' if javascript else 'ohne-js'}"
    with live_server.app.app_context():
        riddle = make_riddle(
            slug=title.lower().replace(" ", "-"),
            title=title,
            publish_at=NOW - timedelta(hours=1),
            closes_at=None,
        )
        riddle_id = riddle.id
        db.session.remove()
    page = open_page(javascript=javascript)
    log_in(page, accounts["editor"], "/redaktion/")
    # The hidden part of the link's name (which riddle) reads as "Jetzt beenden : Titel".
    page.get_by_role("link", name=re.compile(rf"^Jetzt beenden\W+{title}$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rätsel jetzt beenden?")
    check_accessible(page, javascript)
    with live_server.app.app_context():
        assert db.session.get(Riddle, riddle_id).closes_at is None  # asking changed nothing
        db.session.remove()
    page.get_by_role("button", name="Jetzt beenden").click()
    expect(page.locator(".flashes")).to_contain_text(f"„{title}“ ist beendet.")
    with live_server.app.app_context():
        assert db.session.get(Riddle, riddle_id).closes_at == NOW
        db.session.remove()
