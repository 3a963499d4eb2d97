"""Browser fixtures: a live HarzQuiz server on a free port and headless Debian Chromium.

One server (demo content, time frozen at tests.factories.NOW) and one browser serve the
whole browser package; every test gets fresh browser contexts, so every reader starts
with a new guest cookie. Console errors and uncaught page errors (CSP violations show
up as console errors) fail the test that caused them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    sync_playwright,
)
from werkzeug.serving import make_server

from harzquiz import create_app
from harzquiz.cli.demo import seed_demo
from harzquiz.extensions import db
from tests.database import base_config, reset_database
from tests.factories import NOW, make_closed_riddle, make_player, make_solve

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Fail fast: every expectation below is about a local server answering in milliseconds.
TIMEOUT_MS = 5_000

# The demo's riddle of the week (harzquiz.cli.demo.KUGELGRILL), shown on the home page.
DEMO_SLUG = "boje-gartenparty"
DEMO_ARTICLE = "einharz-10-jahre"


@dataclass
class LiveServer:
    """The running app and where to reach it."""

    app: Flask
    url: str


@contextmanager
def serve(db_dir, prepare: Callable[[], object]) -> Iterator[LiveServer]:
    """The app on a fresh database (filled by `prepare`), served by werkzeug in a thread."""
    config = base_config(db_dir)  # NOW frozen, high limits
    app = create_app(config)
    with app.app_context():
        reset_database()  # SQLite: a file of its own; PostgreSQL: the one database, emptied
        prepare()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app=app, url=f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app with the demo content (a sub-package may override this fixture)."""
    with serve(tmp_path_factory.mktemp("browser-db"), lambda: seed_demo(NOW)) as server:
        yield server


@pytest.fixture(scope="package")
def veteran(live_server) -> str:
    """A player who scored only long ago: on the all-time board, absent from this week's."""
    nickname = "Harzer Urgestein"
    with live_server.app.app_context():
        long_ago = NOW - timedelta(days=400)
        riddle = make_closed_riddle(
            publish_at=long_ago - timedelta(days=7), closes_at=long_ago + timedelta(days=1)
        )
        make_solve(make_player(nickname=nickname), riddle, points=500, solved_at=long_ago)
        db.session.remove()
    return nickname


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; never a downloaded browser."""
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@dataclass
class Problems:
    """Console errors and uncaught exceptions seen by one test's pages."""

    messages: list[str] = field(default_factory=list)
    # Console errors a test expects (e.g. Chromium logging an intended 422 response).
    expected: list[Callable[[str], bool]] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_page_error)

    def expect(self, predicate: Callable[[str], bool]) -> None:
        """Allow console errors matching `predicate` (for responses the test asks for)."""
        self.expected.append(predicate)

    def unexpected(self) -> list[str]:
        return [m for m in self.messages if not any(ok(m) for ok in self.expected)]

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "?")
        self.messages.append(f"console: {message.text} @ {url}")

    def _on_page_error(self, error: Error) -> None:
        self.messages.append(f"pageerror: {error}")


@pytest.fixture
def problems() -> Problems:
    """This test's console and page errors; the `open_page` teardown asserts there are none."""
    return Problems()


@pytest.fixture
def open_page(browser, live_server, problems) -> Iterator[Callable[..., Page]]:
    """Factory: a page in a new context (a new reader), JavaScript on unless told otherwise."""
    contexts: list[BrowserContext] = []

    def factory(javascript: bool = True) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            locale="de-DE",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        problems.watch(page)
        return page

    yield factory
    for context in contexts:
        context.close()
    unexpected = problems.unexpected()
    assert not unexpected, "console or page errors:\n" + "\n".join(unexpected)


@pytest.fixture
def page(open_page) -> Page:
    """A page with JavaScript, in a fresh context (new guest cookie)."""
    return open_page()


@pytest.fixture
def nojs_page(open_page) -> Page:
    """A page with JavaScript disabled, in a fresh context (new guest cookie)."""
    return open_page(javascript=False)


def wait_for_htmx_ready(page: Page) -> None:
    """Wait until a page reached by clicking a link has loaded and htmx has wired it up.

    `expect(page).to_have_url(...)` passes as soon as the navigation commits, before the
    deferred scripts ran; a click that soon submits the form the old-fashioned way.
    """
    page.wait_for_load_state("load")
    page.wait_for_function("() => window.htmx !== undefined")
    wait_for_htmx_settle(page)


def wait_for_htmx_settle(page: Page) -> None:
    """Wait until htmx has wired up what it swapped in.

    htmx attaches the triggers of swapped-in elements when the swap settles. The site sets
    `defaultSettleDelay` to 0 so that happens within the swap; this wait also covers a swap
    still in flight, so a test never types into an element that does not listen yet.
    """
    page.wait_for_function("() => !document.querySelector('.htmx-settling, .htmx-swapping')")
