"""Fixtures: app (fresh database per test), client, runner, htmx client helpers.

The database is SQLite in a temporary file unless HARZQUIZ_TEST_DATABASE_URL names
another one (CI runs the suite a second time against PostgreSQL that way).
"""

from __future__ import annotations

import os
import re

import pytest
import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient

from harzquiz import create_app
from harzquiz.extensions import db
from tests.factories import NOW, TEST_SECRET_KEY
from tests.mailbox import smtp_server

TEST_DATABASE_URL = os.environ.get("HARZQUIZ_TEST_DATABASE_URL", "")


def pytest_report_header(config):
    return f"database: {TEST_DATABASE_URL or 'sqlite (temporary file per test)'}"


def base_config(tmp_path) -> dict:
    """Config for a test app; callers override what they need."""
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.sqlite'}",
        "NOW": NOW,
        "RATELIMIT_STORAGE_URI": "memory://",
        "GUESS_LIMIT_PER_PLAYER": "1000/minute",
        "GUESS_LIMIT_PER_IP": "1000/minute",
        # No SMTP server: mails are written here (tests that read mail use `mailbox`).
        "MAIL_FILE_DIR": str(tmp_path / "mail"),
    }


def reset_database() -> None:
    """Empty schema for the next test (drop and recreate: cheap at this size)."""
    db.session.remove()
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        db.drop_all()
    db.create_all()


@pytest.fixture
def app_config(tmp_path) -> dict:
    """Override entries here (via a fixture) to change one test's app config."""
    return base_config(tmp_path)


class FreshContextClient(FlaskClient):
    """Runs every request in its own app context, as a real server does.

    The `app` fixture keeps an app context open for factories and assertions; without
    this, every request of a test (and every client) would share its `g`: the cached
    player, the CSRF state, the locale and the database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # The app keeps loaded objects after commit (expire_on_commit=False), so the test's
        # own objects would not see what the request changed: read them again when used.
        if has_app_context():
            db.session.expire_all()
        return response


@pytest.fixture
def app(app_config):
    app = create_app(app_config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        reset_database()
        # The app keeps objects loaded after commit (no re-reads on a guess); the test's own
        # session expires them, so a test reads back what its requests wrote.
        db.session().expire_on_commit = True
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def mailbox():
    """A real SMTP server (aiosmtpd) on a free port; see tests/mailbox.py. Tests that read
    mail add `mailbox.app_config()` to their app config."""
    with smtp_server() as mailbox:
        yield mailbox


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    """The CSRF token embedded in a rendered form."""
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Reader:
    """A browser-less reader: fetches a page for its CSRF token, then posts like a form."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def open(self, path: str = "/"):
        response = self.client.get(path)
        self.token = csrf_token_from(response.get_data(as_text=True))
        return response

    def post(self, path: str, data: dict | None = None, htmx: bool = False, **kwargs):
        if self.token is None:
            self.open("/")
        headers = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"} if htmx else {}
        return self.client.post(
            path, data={"csrf_token": self.token, **(data or {})}, headers=headers, **kwargs
        )

    def guess(self, slug: str, text: str, htmx: bool = True, **kwargs):
        return self.post(f"/raetsel/{slug}/raten", {"guess": text}, htmx=htmx, **kwargs)


@pytest.fixture
def reader(client):
    return Reader(client)
