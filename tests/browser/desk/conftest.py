"""The editor desk's browser tests run on their own server and database.

The editor schedules riddles and moves the clock; the reader tests beside this package
expect the demo's riddle of the week untouched, so the desk gets its own empty site.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, serve
from tests.factories import make_account


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """An empty site for the desk tests (overrides the demo server of tests/browser)."""
    with serve(tmp_path_factory.mktemp("desk-db"), lambda: None) as server:
        # Every test logs in afresh; the login limits are tested elsewhere.
        server.app.config["LOGIN_LIMIT_PER_IP"] = "1000/minute"
        server.app.config["LOGIN_LIMIT_PER_EMAIL"] = "1000/minute"
        server.app.config["LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL"] = "1000/minute"
        yield server


@pytest.fixture(scope="package")
def accounts(live_server) -> dict[str, str]:
    """Email addresses of an editor, an admin and a reader (password factories.PASSWORD)."""
    with live_server.app.app_context():
        return {role: make_account(role=role).email for role in ("editor", "admin", "reader")}
