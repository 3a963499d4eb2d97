"""The moderation desk in Chromium, with JavaScript on and off: find a player, rename
(the reason shown once), hide, ban and undo each; the public board changes on the next
request; axe-core finds no serious violations on the desk's pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.desk.test_editor_flow import log_in
from tests.browser.test_accessibility import assert_accessible
from tests.factories import NOW, PASSWORD, make_account, make_riddle, make_solve

pytestmark = pytest.mark.browser

BOARD = "/rangliste?zeitraum=gesamt"


def _board_names(page: Page) -> str:
    """The all-time board as a new visitor gets it right now (the very next request)."""
    response = page.request.get(BOARD)
    assert response.status == 200
    return response.text()


def _axe(page: Page, javascript: bool) -> None:
    """axe-core runs as a script, so only in the JavaScript run (the markup is the same)."""
    if javascript:
        assert_accessible(page)


def _click(page: Page, selector: str) -> None:
    """Submit one of the desk's small forms and wait for the page it lands on."""
    with page.expect_navigation():
        page.locator(selector).click()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_rename_hide_ban_and_undo(open_page, live_server, editor_email, javascript):
    suffix = "An" if javascript else "Aus"
    name = f"Brockenläufer {suffix}"
    with live_server.app.app_context():
        account = make_account(nickname=name, email=f"spieler-{suffix.lower()}@example.org")
        make_solve(account, make_riddle(slug=f"grill-{suffix.lower()}"), 100, NOW)
        player_id, player_email = account.id, account.email

    desk = open_page(javascript=javascript)
    visitor = open_page(javascript=javascript)
    assert name in _board_names(visitor)
    log_in(desk, editor_email, "/redaktion/moderation/")
    _axe(desk, javascript)

    # Find the player.
    desk.get_by_label("Spitzname oder E-Mail").fill(f"läufer {suffix}")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Suchen").click()
    with desk.expect_navigation():
        desk.locator("#search-results").get_by_role("link", name=name).click()
    expect(desk).to_have_url(re.compile(f"/redaktion/moderation/spieler/{player_id}$"))
    _axe(desk, javascript)

    # Hide, and undo.
    _click(desk, "form[action$='/verbergen'] button")
    expect(desk.locator(".flash--success")).to_contain_text("Aus den Ranglisten genommen")
    assert name not in _board_names(visitor)
    _click(desk, "tr[data-kind=hide] form button")
    expect(desk.locator(".flash--success")).to_contain_text("Rückgängig gemacht")
    assert name in _board_names(visitor)

    # Ban, and undo.
    desk.locator("form[action$='/sperren'] input[name=reason]").fill("Skript")
    _click(desk, "form[action$='/sperren'] button")
    expect(desk.locator("#player-status")).to_contain_text("Von der Wertung ausgeschlossen seit")
    assert name not in _board_names(visitor)
    _click(desk, "tr[data-kind=ban] form button")
    expect(desk.locator("#player-status")).to_contain_text("Punktet normal")
    assert name in _board_names(visitor)

    # Rename: the board shows the new name at once; the player reads the reason once.
    new_name = f"Harzwanderer {suffix}"
    desk.get_by_label("Neuer Name").fill(new_name)
    desk.get_by_label("Begründung für die Spielerin oder den Spieler").fill("Name zu ähnlich.")
    with desk.expect_navigation():
        desk.locator("#rename-form button").click()
    expect(desk.locator("#player-name")).to_have_text(new_name)
    _axe(desk, javascript)
    board = _board_names(visitor)
    assert new_name in board and name not in board

    player = open_page(javascript=javascript)
    player.goto("/anmelden?next=/")
    player.get_by_label("E-Mail-Adresse").fill(player_email)
    player.get_by_label("Passwort").fill(PASSWORD)
    with player.expect_navigation():
        player.locator("main form button[type=submit]").click()
    expect(player.locator("#rename-notice")).to_contain_text("Name zu ähnlich.")
    _axe(player, javascript)
    player.reload()
    expect(player.locator("#rename-notice")).to_have_count(0)

    _click(desk, "tr[data-kind=rename] form button")
    expect(desk.locator("#player-name")).to_have_text(name)
    board = _board_names(visitor)
    assert name in board and new_name not in board
    _axe(desk, javascript)


def test_report_form_from_the_board(open_page, live_server):
    with live_server.app.app_context():
        account = make_account(nickname="Meldefall", email="melde@example.org")
        make_solve(account, make_riddle(slug="melde-grill"), 90, NOW)
        link = f"a[href='/melden/{account.id}']"
    for javascript in (True, False):
        page = open_page(javascript=javascript)
        page.goto(BOARD)
        expect(page.locator(link)).to_have_accessible_name(re.compile(r"Melden\s*:\s*Meldefall"))
        _axe(page, javascript)
        with page.expect_navigation():
            page.locator(link).click()
        _axe(page, javascript)
        page.get_by_label("Was stimmt mit diesem Namen oder diesen Punkten nicht?").fill("Frech")
        with page.expect_navigation():
            page.get_by_role("button", name="Meldung senden").click()
        expect(page.locator(".flash--success")).to_contain_text("Danke!")
