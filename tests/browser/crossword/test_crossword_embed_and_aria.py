"""The crossword inside a partner's page (auto-resized), the accessibility tree of its
grid, and the grid at 390 px in Chromium's mobile emulation."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import TIMEOUT_MS, wait_for_htmx_ready
from tests.browser.test_accessibility import assert_accessible
from tests.browser.test_embed import (
    FRAME,
    new_partner,
    partner_page,
    partner_site,  # noqa: F401  (the fixture)
    wait_for_height,
)

pytestmark = pytest.mark.browser


def test_the_crossword_plays_inside_a_partner_embed(page: Page, live_server, partner_site, demo):  # noqa: F811
    partner = new_partner(live_server, partner_site)
    url = partner_page(
        partner_site,
        live_server,
        partner,
        path="/kreuz.html",
        embed_path=f"kreuzwortraetsel/{demo.slug}",
    )
    page.goto(url)
    frame = page.frame_locator(FRAME)
    expect(frame.locator(f"#xw-{demo.slug}-form")).to_be_visible()
    loaded = wait_for_height(page, "h !== 560", "sized on load")
    entry = demo.entries[0]
    frame.locator(demo.cell_id(entry.cells[0])).click()
    page.keyboard.type(entry.answer)
    expect(frame.locator(f"#xw-{demo.slug}-saved")).to_have_text("Gespeichert")
    for cell, letter in demo.letters.items():
        frame.locator(demo.cell_id(cell)).fill(letter)
    expect(frame.locator(".crossword-result__points")).to_have_text("100 Punkte in der Rangliste")
    wait_for_height(page, f"h > {loaded}", "grows with the result")
    assert page.url == partner_site.url("/kreuz.html")  # the partner page stayed put


def test_the_accessibility_tree_names_each_cell_by_entry_and_clue(page: Page, demo):
    page.goto(f"/kreuzwortraetsel/{demo.slug}")
    snapshot = page.locator(".xw-grid").aria_snapshot()
    print("\naria snapshot of the grid (first lines):\n" + "\n".join(snapshot.splitlines()[:8]))
    boxes = [line for line in snapshot.splitlines() if "textbox" in line]
    assert len(boxes) == len(demo.letters)
    for entry in demo.entries:  # every entry's first cell names number, direction and clue
        name = "waagerecht" if entry.direction.value == "across" else "senkrecht"
        expected = (
            f"{entry.number} {name}: {entry.clue}, {len(entry.answer)} Buchstaben, Buchstabe 1"
        )
        assert any(expected in line for line in boxes), expected
    clues = page.locator(".xw-clues").aria_snapshot()
    print("\naria snapshot of the clues (first lines):\n" + "\n".join(clues.splitlines()[:6]))
    assert clues.count("- list:") == 2 and clues.count("- listitem") == len(demo.entries)


def test_the_grid_fits_and_types_at_390_px_in_mobile_emulation(browser: Browser, live_server, demo):
    """One input per cell at 390 px: the grid fits the screen, cells stay tappable, and one
    tap then typing fills a whole entry (focus moves from cell to cell by script)."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="de-DE",
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"/kreuzwortraetsel/{demo.slug}")
        wait_for_htmx_ready(page)
        sizes = page.evaluate(
            "() => { const t = document.querySelector('.xw-grid').getBoundingClientRect();"
            " const c = document.querySelector('.xw-cell').getBoundingClientRect();"
            " return {grid: t.width, cell: c.width, page: document.documentElement.scrollWidth}; }"
        )
        print(
            f"\n390 px: grid {sizes['grid']:.0f} px wide, cells {sizes['cell']:.1f} px,"
            f" page {sizes['page']} px"
        )
        assert sizes["grid"] <= 390 and sizes["page"] <= 390  # no sideways scrolling
        assert sizes["cell"] >= 22  # 15 columns: a tap target of about 23 px
        entry = max(demo.entries, key=lambda e: len(e.answer))
        page.locator(demo.cell_id(entry.cells[0])).tap()
        page.keyboard.type(entry.answer)
        for cell, letter in zip(entry.cells, entry.answer, strict=True):
            expect(page.locator(demo.cell_id(cell))).to_have_value(letter)
        expect(page.locator(f"#xw-{demo.slug}-saved")).to_have_text("Gespeichert")
        assert_accessible(page)
    finally:
        context.close()
