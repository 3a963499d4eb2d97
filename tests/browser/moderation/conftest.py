"""The moderation desk's browser tests run on their own server and database.

They rename, hide and ban players and watch the public boards change: the reader tests
beside this package expect the demo's boards untouched, so moderation gets its own site.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, serve
from tests.factories import make_account


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """An empty site for the moderation tests (overrides the demo server of tests/browser)."""
    with serve(tmp_path_factory.mktemp("moderation-db"), lambda: None) as server:
        server.app.config["LOGIN_LIMIT_PER_IP"] = "1000/minute"
        server.app.config["LOGIN_LIMIT_PER_EMAIL"] = "1000/minute"
        server.app.config["LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL"] = "1000/minute"
        yield server


@pytest.fixture(scope="package")
def editor_email(live_server) -> str:
    """An editor's email address (password factories.PASSWORD)."""
    with live_server.app.app_context():
        return make_account(role="editor").email
