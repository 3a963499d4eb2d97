"""The desk-UX browser tests run on their own server and database, filled with the route
registry's world (tests/routes.py), so every desk page has content to show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import LiveServer, serve
from tests.factories import make_account
from tests.routes import World, make_world


@pytest.fixture(scope="package")
def world_holder() -> dict:
    return {}


@pytest.fixture(scope="package")
def live_server(tmp_path_factory, world_holder) -> Iterator[LiveServer]:
    """The world's riddles, articles, quiz and partner (overrides the demo server)."""

    def prepare() -> None:
        world_holder["world"] = make_world()
        world_holder["accounts"] = {
            role: make_account(role=role).email for role in ("editor", "admin")
        }

    with serve(tmp_path_factory.mktemp("deskux-db"), prepare) as server:
        for limit in ("LOGIN_LIMIT_PER_IP", "LOGIN_LIMIT_PER_EMAIL"):
            server.app.config[limit] = "1000/minute"
        server.app.config["LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL"] = "1000/minute"
        yield server


@pytest.fixture(scope="package")
def world(live_server, world_holder) -> World:
    return world_holder["world"]


@pytest.fixture(scope="package")
def accounts(live_server, world_holder) -> dict[str, str]:
    """Email addresses of an editor and an admin (password factories.PASSWORD)."""
    return world_holder["accounts"]
