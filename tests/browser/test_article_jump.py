"""On a phone the riddle comes after the whole article: a jump to it at the top."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DEMO_ARTICLE, DEMO_SLUG

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_a_phone_reader_jumps_to_the_riddle_from_the_top(page: Page):
    page.set_viewport_size(PHONE)
    page.goto(f"/artikel/{DEMO_ARTICLE}")
    widget = page.locator(f"#riddle-{DEMO_SLUG}")
    assert widget.bounding_box()["y"] > 2 * PHONE["height"]  # far below the fold
    jump = page.get_by_role("link", name="Zum Rätsel springen")
    expect(jump).to_be_visible()
    assert jump.bounding_box()["y"] < PHONE["height"]  # at the top
    jump.focus()
    page.keyboard.press("Enter")
    expect(widget).to_be_in_viewport()
    expect(page).to_have_url(f"{page.url.split('#')[0]}#riddle-{DEMO_SLUG}")


def test_beside_the_article_the_jump_is_not_shown(page: Page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/artikel/{DEMO_ARTICLE}")
    expect(page.get_by_role("link", name="Zum Rätsel springen")).to_be_hidden()
    expect(page.locator(f"#riddle-{DEMO_SLUG}")).to_be_in_viewport()
