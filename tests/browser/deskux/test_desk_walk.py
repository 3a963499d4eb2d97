"""Every desk page, read from the URL map (so pages added later are walked too): axe-core
finds no violations at 1280 px and at 390 px; at 390 px nothing scrolls sideways; at
1280 px the desk menu fits on one line."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.desk.test_editor_flow import log_in
from tests.browser.test_accessibility import axe, describe
from tests.routes import url_values

pytestmark = pytest.mark.browser

DESK_PREFIX = "/redaktion"


def desk_paths(app, world) -> list[str]:
    """Every GET page under /redaktion, with the route registry's example values."""
    with app.app_context():
        values = url_values(world)
    adapter = app.url_map.bind("localhost")
    paths: list[str] = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if not rule.rule.startswith(DESK_PREFIX) or "GET" not in (rule.methods or set()):
            continue
        for example in values.get(rule.endpoint, [{}]):
            paths.append(adapter.build(rule.endpoint, example, method="GET"))
    return paths


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def menu_lines(page: Page) -> int:
    """On how many lines the desk menu's entries sit."""
    return page.evaluate(
        "new Set([...document.querySelectorAll('.desk-nav li')].map(li => li.offsetTop)).size"
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_every_desk_page_is_accessible_and_fits(open_page, live_server, world, accounts, width):
    page = open_page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, accounts["admin"], "/redaktion/")
    paths = desk_paths(live_server.app, world)
    assert "/redaktion/raetsel/planen" in paths and "/redaktion/protokoll" in paths
    findings: list[str] = []
    walked = 0
    for path in paths:
        probe = page.request.get(path)
        if probe.status == 404:
            continue  # the registry's example of an unknown id (a refusal, not a page)
        if "text/html" not in probe.headers.get("content-type", ""):
            continue  # a download (CSV, JSON), not a page
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        walked += 1
        violations = axe.run(page).response["violations"]
        if violations:
            findings.append(f"{path}:\n{describe(violations)}")
        if width == 390 and (extra := overflow(page)) > 0:
            findings.append(f"{path}: {extra} px wider than a 390 px screen")
        if width == 1280 and menu_lines(page) > 1:
            findings.append(f"{path}: the desk menu wraps at 1280 px")
    assert walked >= 20
    assert not findings, "\n".join(findings)
