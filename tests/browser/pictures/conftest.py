"""The picture tests run on their own server and database (an empty site with one riddle),
so the reader tests beside this package keep the demo's riddle of the week untouched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Riddle
from tests.browser.conftest import LiveServer, serve
from tests.factories import make_account, make_riddle

SLUG = "bilder-raetsel"


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """An empty site with one live riddle; pictures go to a folder of this package's."""
    uploads = tmp_path_factory.mktemp("uploads")
    with serve(tmp_path_factory.mktemp("pictures-db"), lambda: make_riddle(slug=SLUG)) as server:
        server.app.config["PICTURE_UPLOAD_DIR"] = str(uploads)
        server.app.config["LOGIN_LIMIT_PER_IP"] = "1000/minute"
        server.app.config["LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL"] = "1000/minute"
        yield server


@pytest.fixture(scope="package")
def editor(live_server) -> str:
    with live_server.app.app_context():
        return make_account(role="editor").email


@pytest.fixture(scope="package")
def riddle_id(live_server) -> int:
    with live_server.app.app_context():
        return db.session.scalar(sa.select(Riddle.id).where(Riddle.slug == SLUG))
