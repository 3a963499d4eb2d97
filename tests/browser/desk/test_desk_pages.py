"""Desk pages: axe-core finds no serious or critical violations; the form works without JS."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_for_htmx_settle
from tests.browser.desk.test_editor_flow import log_in
from tests.browser.test_accessibility import assert_accessible
from tests.factories import NOW, make_article, make_closed_riddle, make_riddle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def content(live_server) -> dict[str, int]:
    """A closed riddle, a draft and an article, made before the pages are opened."""
    with live_server.app.app_context():
        old = NOW - timedelta(days=300)
        closed = make_closed_riddle(slug="alt", publish_at=old, closes_at=old + timedelta(days=7))
        draft = make_riddle(slug="entwurf-a11y", publish_at=None, closes_at=None)
        article = make_article(slug="a11y-artikel", riddle_id=closed.id)
        return {"closed": closed.id, "draft": draft.id, "article": article.id}


@pytest.fixture
def admin_page(open_page, accounts, content) -> Page:
    page = open_page()
    log_in(page, accounts["admin"], "/redaktion/")
    return page


@pytest.mark.parametrize(
    "path",
    [
        "/redaktion/",
        "/redaktion/raetsel/neu",
        "/redaktion/raetsel/{draft}",
        "/redaktion/raetsel/{draft}/vorschau",
        "/redaktion/raetsel/{closed}/vorschau",
        "/redaktion/artikel",
        "/redaktion/artikel/neu",
        "/redaktion/artikel/{article}",
        "/redaktion/protokoll",
    ],
)
def test_desk_page_has_no_serious_violations(admin_page: Page, content, path):
    response = admin_page.goto(path.format(**content))
    assert response is not None and response.status == 200
    assert_accessible(admin_page)


def test_riddle_form_with_errors_and_answer_result(admin_page: Page, problems):
    problems.expect(lambda message: "422" in message)  # Chromium logs the refusal
    admin_page.goto("/redaktion/raetsel/neu")
    admin_page.locator("#slug").fill("Kein Slug")
    admin_page.locator("#riddle-form .desk-form__toolbar button").first.click()
    expect(admin_page.locator("#slug-errors")).to_contain_text("Nur Kleinbuchstaben")
    expect(admin_page.locator("#title")).to_have_attribute("aria-invalid", "true")
    wait_for_htmx_settle(admin_page)
    admin_page.locator("#test_answer").fill("irgendwas")
    expect(admin_page.locator("#answer-test-result [data-verdict=wrong]")).to_be_visible()
    assert_accessible(admin_page)


def test_article_form_with_errors(admin_page: Page, problems):
    problems.expect(lambda message: "422" in message)
    admin_page.goto("/redaktion/artikel/neu")
    admin_page.locator("#article-form button[type=submit]").click()
    expect(admin_page.locator("#title-errors")).to_be_visible()
    assert_accessible(admin_page)


def test_riddle_form_without_javascript(open_page, accounts, content):
    page = open_page(javascript=False)
    log_in(page, accounts["editor"], f"/redaktion/raetsel/{content['draft']}")
    page.get_by_role("button", name="Tipp hinzufügen").click()
    expect(page.locator("#hints-2-text")).to_be_focused()  # autofocus on the new row
    page.locator("#hints-2-text").fill("Ein dritter Tipp")
    page.locator("#test_answer").fill("Weber Kugelgrill")
    page.get_by_role("button", name="Antwort prüfen").click()
    expect(page.locator("#answer-test-result [data-verdict=correct]")).to_contain_text(
        "Weber-Kugelgrill"
    )
    expect(page.locator("#hints-2-text")).to_have_value("Ein dritter Tipp")  # still unsaved
    page.locator("#riddle-form .desk-form__toolbar button").first.click()
    expect(page.locator(".flash--success")).to_have_text("Rätsel gespeichert.")
    expect(page.locator("#hints-2-text")).to_have_value("Ein dritter Tipp")
