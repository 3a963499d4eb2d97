""" "Punkte sichern" in a browser: an embed guest solves, the embed's board says where they
would stand, its link opens the site in a new tab, and after registering there the points
are the account's. With JavaScript on and off; axe clean on the board and the claim page
(with JavaScript on: axe itself is a script)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from harzquiz.extensions import db
from harzquiz.services import totals
from tests.browser.conftest import DEMO_SLUG
from tests.browser.test_accounts import PASSWORD
from tests.factories import make_partner

pytestmark = pytest.mark.browser

axe = Axe()


@pytest.fixture
def accounts_only(live_server) -> Iterator[str]:
    """The shared server ranks confirmed accounts only for this test; a partner's key."""
    live_server.app.config["BOARD_RANKS"] = "accounts"
    with live_server.app.app_context():
        key = make_partner().embed_key
        totals.rebuild_all()  # the setting changed: the totals' listed flags follow it
        db.session.commit()
        db.session.remove()
    try:
        yield key
    finally:
        live_server.app.config["BOARD_RANKS"] = "everyone"
        with live_server.app.app_context():
            totals.rebuild_all()
            db.session.commit()
            db.session.remove()


def assert_axe_clean(page: Page) -> None:
    blocking = [
        v["id"]
        for v in axe.run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert blocking == [], f"{page.url}: {blocking}"


@pytest.mark.parametrize("javascript", [True, False])
def test_an_embed_guest_saves_their_points_by_registering(
    open_page, live_server, accounts_only, javascript
):
    page = open_page(javascript=javascript)
    origin = live_server.url.replace("127.0.0.1", "localhost")  # a trustworthy origin
    page.goto(f"{origin}/embed/{accounts_only}/")
    page.locator(f"#guess-{DEMO_SLUG}").fill("Kugelgrill")
    page.get_by_role("button", name="Raten").click()
    expect(page.locator(f"#feedback-{DEMO_SLUG} [data-verdict=correct]")).to_be_visible()
    page.goto(f"{origin}/embed/{accounts_only}/rangliste")
    board = page.locator("#leaderboard")
    expect(board).to_contain_text("registriere dich, um in der Rangliste zu erscheinen")
    link = board.get_by_role("link", name="Punkte sichern")
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("rel") == "noopener"
    if javascript:  # axe runs as a script in the page
        assert_axe_clean(page)

    with page.context.expect_page() as opened:
        link.click()
    site = opened.value
    site.wait_for_load_state()
    expect(site.get_by_role("heading", name="Punkte sichern")).to_be_visible()
    assert "code=" not in site.url  # held in the session, not in the address
    if javascript:
        assert_axe_clean(site)
    site.locator("main").get_by_role("link", name="Registrieren").click()
    nickname = f"Retter{secrets.token_hex(3)}"
    site.get_by_label("Spitzname").fill(nickname)
    site.get_by_label("E-Mail-Adresse").fill(f"{nickname.lower()}@example.org")
    site.get_by_label("Passwort", exact=True).fill(PASSWORD)
    site.get_by_label("Passwort wiederholen").fill(PASSWORD)
    site.get_by_role("button", name="Konto anlegen").click()
    # The one question after registering (mail for new riddles), then back to the claim.
    site.get_by_role("button", name="Nein, danke").click()
    site.get_by_role("button", name="Punkte in mein Konto übernehmen").click()
    expect(site.locator(".flash--success")).to_contain_text("jetzt in deinem Konto")
    solved = site.locator("#profile-solved ~ table tbody tr")
    expect(solved).to_have_count(1)
