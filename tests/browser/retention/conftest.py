"""The retention tests run on their own server: the demo content plus an editor, and a real
SMTP server (tests/mailbox.py) for the confirmation mail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harzquiz.cli.demo import seed_demo
from tests.browser.conftest import LiveServer, serve
from tests.factories import NOW, make_account
from tests.mailbox import Mailbox, smtp_server

EDITOR_EMAIL = "redaktion-preis@example.org"


def _prepare() -> None:
    seed_demo(NOW)
    make_account(role="editor", email=EDITOR_EMAIL, nickname="Preisredaktion")


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The demo site and an editor (overrides the shared demo server of tests/browser)."""
    with serve(tmp_path_factory.mktemp("retention-db"), _prepare) as server:
        # Every test logs in afresh; the login limits are tested elsewhere.
        for key in ("LOGIN_LIMIT_PER_IP", "LOGIN_LIMIT_PER_EMAIL"):
            server.app.config[key] = "1000/minute"
        server.app.config["LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL"] = "1000/minute"
        yield server


@pytest.fixture
def mailbox(live_server) -> Iterator[Mailbox]:
    """The live server sends through a real SMTP server for this test."""
    config = live_server.app.config
    saved = {key: config[key] for key in ("MAIL_HOST", "MAIL_PORT", "SITE_URL")}
    with smtp_server() as mailbox:
        config.update({**mailbox.app_config(), "SITE_URL": live_server.url})
        try:
            yield mailbox
        finally:
            config.update(saved)
