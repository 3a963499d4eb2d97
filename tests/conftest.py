"""Fixtures: app (an emptied database per test), client, runner, reader.

The database is SQLite in a file per session unless HARZQUIZ_TEST_DATABASE_URL names
another one (CI runs the suite a second time against PostgreSQL that way); its schema is
built once and emptied before each test (tests.database). The clients and readers the
fixtures hand out live in tests.clients.
"""

from __future__ import annotations

import pytest

from harzquiz import create_app
from harzquiz.caching import shells
from harzquiz.extensions import db
from harzquiz.web import kept_parts
from tests.clients import FreshContextClient, Reader
from tests.database import TEST_DATABASE_URL, base_config, reset_database, use_session_directory
from tests.mailbox import smtp_server


def pytest_report_header(config):
    return f"database: {TEST_DATABASE_URL or 'sqlite (one file per session, emptied per test)'}"


def pytest_configure(config):
    if TEST_DATABASE_URL and config.getoption("numprocesses", default=None):
        raise pytest.UsageError(
            "HARZQUIZ_TEST_DATABASE_URL names one database: xdist workers would empty it"
            " under each other's tests. Run the PostgreSQL pass without -n."
        )


@pytest.fixture(scope="session", autouse=True)
def session_database_directory(tmp_path_factory):
    """The session's shared SQLite file lives here (one directory per xdist worker)."""
    use_session_directory(tmp_path_factory.mktemp("database"))


@pytest.fixture
def app_config() -> dict:
    """Override entries here (via a fixture) to change one test's app config."""
    return base_config()


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


@pytest.fixture(autouse=True)
def shell_mismatches(monkeypatch):
    """Fails any test during which a page from a shell (or a kept htmx answer) differed from
    its full render (SHELL_SELF_CHECK; the app turns the error into a 500, which a test may
    not look at)."""
    mismatches: list[shells.ShellMismatch] = []

    def recording(check):
        def checked(*args):
            try:
                check(*args)
            except shells.ShellMismatch as mismatch:
                mismatches.append(mismatch)
                raise

        return checked

    # pages from shells, and htmx answers kept per state (web/kept_parts.py)
    # (both call shells.same_as_full_render; kept_parts holds its own name for it)
    check = recording(shells.same_as_full_render)
    for module in (shells, kept_parts):
        monkeypatch.setattr(module, "same_as_full_render", check)
    yield mismatches
    assert not mismatches, f"a page from a shell differed from its full render: {mismatches[0]}"


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


@pytest.fixture
def reader(client):
    return Reader(client)
