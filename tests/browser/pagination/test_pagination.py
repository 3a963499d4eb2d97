"""The page navigation of long lists, in a real browser: axe-core and following its links."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from harzquiz.riddles.routes import ARCHIVE_PAGE_SIZE
from tests.browser.conftest import LiveServer, serve
from tests.browser.test_accessibility import assert_accessible
from tests.factories import MONDAY, make_closed_riddle

pytestmark = pytest.mark.browser

RIDDLES = ARCHIVE_PAGE_SIZE * 2 + 3  # three pages


def _many_closed_riddles() -> None:
    for i in range(1, RIDDLES + 1):
        make_closed_riddle(title=f"Alt {i}", closes_at=MONDAY - timedelta(hours=i))


@pytest.fixture(scope="module")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """A site with a three-page archive (overrides the demo server of tests/browser)."""
    with serve(tmp_path_factory.mktemp("pages-db"), _many_closed_riddles) as server:
        yield server


def test_the_archive_navigation_is_accessible_and_leads_on(page: Page):
    page.goto("/archiv?seite=2")
    nav = page.get_by_role("navigation", name="Seitennavigation")
    expect(nav).to_be_visible()
    expect(nav.locator('[aria-current="page"]')).to_have_text("Seite 2")
    assert_accessible(page)
    nav.get_by_role("link", name="Nächste Seite").click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?seite=3")
    expect(page.get_by_role("heading", name=f"Alt {RIDDLES}")).to_be_visible()
    page.get_by_role("navigation", name="Seitennavigation").get_by_role(
        "link", name="Seite 1", exact=True
    ).click()
    expect(page).to_have_url(page.url.split("?")[0])
    expect(page.get_by_role("heading", name="Alt 1", exact=True)).to_be_visible()
