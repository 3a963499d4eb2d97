"""The desk's insights, content file and audit log in Chromium: axe-core finds no serious
or critical violations (at 1280 px and 390 px), and taking a wrong guess over works
without JavaScript (issue 15, items 3 to 5)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from harzquiz.extensions import db
from harzquiz.models import Guess
from tests.browser.desk.test_editor_flow import log_in
from tests.browser.test_accessibility import assert_accessible
from tests.factories import NOW, make_article, make_partner, make_player, make_riddle
from tests.quiz_factories import make_quiz

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def insight_content(live_server) -> dict[str, int]:
    """A riddle live since long before NOW with wrong guesses, a quiz, a partner. It closes
    before the editor flow's riddle (same server) goes live, so their windows do not overlap."""
    with live_server.app.app_context():
        riddle = make_riddle(
            slug="einblick", publish_at=NOW.replace(day=20), closes_at=NOW.replace(day=29)
        )
        player = make_player()
        for text in ("Holzkohle", "Holzkohle", "Grillrost"):
            db.session.add(Guess(player_id=player.id, riddle_id=riddle.id, text=text,
                                 verdict="wrong", created_at=NOW))  # fmt: skip
        db.session.commit()
        quiz = make_quiz(slug="einblick-quiz", article_id=make_article(slug="einblick-a").id)
        partner = make_partner(name="Einblick-Zeitung")
        return {"riddle": riddle.id, "quiz": quiz.id, "partner": partner.id}


PATHS = [
    "/redaktion/raetsel/{riddle}/einblicke",
    "/redaktion/quizze/{quiz}/einblicke",
    "/redaktion/partner/{partner}/einblicke",
    "/redaktion/inhalte",
    "/redaktion/protokoll?was=riddle",
]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", PATHS)
def test_pages_have_no_serious_violations(open_page, accounts, insight_content, path, width):
    page = open_page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, accounts["admin"], "/redaktion/")
    response = page.goto(path.format(**insight_content))
    assert response is not None and response.status == 200
    assert_accessible(page)


def test_the_import_preview_is_accessible(open_page, accounts, insight_content, tmp_path):
    page: Page = open_page()
    log_in(page, accounts["editor"], "/redaktion/inhalte")
    content = {"format": "harzquiz-content/1", "partners": [
        {"name": "Vorschau-Zeitung", "enabled": True, "origins": [], "accent": "#2f6b3a",
         "scheme": "light"}]}  # fmt: skip
    upload = tmp_path / "inhalte.json"
    upload.write_text(json.dumps(content), encoding="utf-8")
    page.locator("#datei").set_input_files(str(upload))
    page.get_by_role("button", name="Vorschau zeigen").click()
    expect(page.locator("#preview tr[data-action=import_new]")).to_contain_text("Vorschau-Zeitung")
    assert_accessible(page)


def test_taking_a_wrong_guess_over_without_javascript(open_page, accounts, insight_content):
    page = open_page(javascript=False)
    log_in(page, accounts["editor"], f"/redaktion/raetsel/{insight_content['riddle']}/einblicke")
    row = page.locator('tr[data-wrong="Grillrost"]')
    row.get_by_label("Schubs").fill("Darauf liegt das Grillgut.")
    row.get_by_role("button", name="Als Beinahe-Treffer").click()
    expect(page.locator(".flash--success")).to_contain_text("Grillrost")
    expect(page.locator('tr[data-wrong="Grillrost"]')).to_have_count(0)
    page.locator('tr[data-wrong="Holzkohle"]').get_by_role(
        "button", name="Als richtige Schreibweise"
    ).click()
    expect(page.locator(".flash--success")).to_contain_text("Holzkohle")
    expect(page.locator("#falsch")).to_contain_text("Keine falschen Antworten.")
