"""The test database: its schema is built once per session, and emptied before every test.

SQLite: one file in the session's temporary directory (each xdist worker has its own).
PostgreSQL: the `public` schema of the database HARZQUIZ_TEST_DATABASE_URL names (CI runs
the suite a second time that way; one process at a time, so no xdist there).

Why empty the tables rather than roll back a transaction per test: many tests serve the app
for real (threaded werkzeug servers, gunicorn processes, concurrent clients), and those use
connections of their own. They would not see a test's uncommitted rows, and a rollback would
not undo what they committed. Emptying the tables works the same for every connection and
process, and costs milliseconds where the drop and rebuild it replaces cost up to half a second.

A schema is known as built by a mark that this session leaves in it (SQLite's user_version,
a comment on PostgreSQL's schema). A test that drops or migrates the server's schema itself
(the migration and `flask db upgrade` tests) removes the mark with it, so the next test
rebuilds rather than emptying a schema that is not the models' own.

The version stamps (table cache_version) are written afresh with new random tokens, as a
fresh schema would have them. The process-wide board memo (harzquiz.services.leaderboard) is
keyed by the points stamp, and the page and riddle caches live on each app (a new app per
test): no test can be served a board or riddle that an earlier test cached, even though ids
start again at 1.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import CACHE_NAMES, CacheVersion, new_cache_token
from tests.factories import NOW, TEST_SECRET_KEY

TEST_DATABASE_URL = os.environ.get("HARZQUIZ_TEST_DATABASE_URL", "")

# This session's mark: a PostgreSQL schema comment and an SQLite user_version (31 bits).
SESSION_MARK = secrets.randbelow(2**31 - 1) + 1

_shared_directory: Path | None = None


def use_session_directory(directory: Path) -> None:
    """Where this session's shared SQLite database lives (set once, by a session fixture)."""
    global _shared_directory
    _shared_directory = directory


def database_url(directory: Path | None = None) -> str:
    """The server database if this run has one; else SQLite, shared or in `directory`."""
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    if directory is None:
        assert _shared_directory is not None, "the session fixture has not run yet"
        directory = _shared_directory
    return f"sqlite:///{directory / 'test.sqlite'}"


def base_config(directory: Path | None = None) -> dict:
    """Config for a test app; callers override what they need.

    The app uses the session's shared test database. `directory` gives it an SQLite
    database of its own in that directory instead (on PostgreSQL there is only one).
    """
    mail = (directory or _shared_directory or Path(".")) / "mail"
    return {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": database_url(directory),
        "NOW": NOW,
        "RATELIMIT_STORAGE_URI": "memory://",
        "GUESS_LIMIT_PER_PLAYER": "1000/minute",
        "GUESS_LIMIT_PER_IP": "1000/minute",
        # No SMTP server: mails are written here (tests that read mail use `mailbox`).
        "MAIL_FILE_DIR": str(mail),
        # The suite's board tests rank guests (what they test is how boards rank, not who is
        # listed); the site's default is "accounts", tested with that setting in
        # tests/web/test_who_ranks.py and tests/web/test_claim_points.py.
        "BOARD_RANKS": "everyone",
        # Every page a player gets from a shell is compared with the page rendered in full.
        "SHELL_SELF_CHECK": True,
    }


def reset_database() -> None:
    """The current app's database, empty, for the next test (built first if need be)."""
    db.session.remove()
    engine = db.engine
    if _is_built(engine):
        _empty(engine)
    else:
        _build(engine)


def _is_built(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            mark = connection.scalar(
                sa.text(
                    "SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace"
                    " WHERE nspname = 'public'"
                )
            )
            return mark == str(SESSION_MARK)
        return connection.exec_driver_sql("PRAGMA user_version").scalar() == SESSION_MARK


def _build(engine: sa.Engine) -> None:
    """Drop whatever is there and create the models' schema, marked as this session's."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        db.create_all()
        with engine.begin() as connection:
            connection.exec_driver_sql(f"COMMENT ON SCHEMA public IS '{SESSION_MARK}'")
    else:
        db.drop_all()
        db.create_all()
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA user_version = {SESSION_MARK}")


def _empty(engine: sa.Engine) -> None:
    """Every table emptied and its ids restarted; fresh version stamps, as after a build.

    DELETE rather than TRUNCATE on PostgreSQL too: TRUNCATE gives every table new files,
    about 0.4 s for the 17 tables here (no faster than the drop and rebuild), while
    deleting the few rows a test wrote and restarting the sequences takes ~20 ms.
    """
    with engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):  # dependents first
            connection.execute(table.delete())
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(RESTART_SEQUENCES)
        elif connection.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
        ).first():  # only AUTOINCREMENT tables (none today) keep counting after a DELETE
            connection.exec_driver_sql("DELETE FROM sqlite_sequence")
        connection.execute(
            CacheVersion.__table__.insert(),
            [{"name": name, "token": new_cache_token()} for name in CACHE_NAMES],
        )


# Every sequence of the schema (the id columns') starts again at 1.
RESTART_SEQUENCES = """
SELECT setval(sequence.oid, 1, false)
FROM pg_class AS sequence JOIN pg_namespace AS namespace ON namespace.oid = sequence.relnamespace
WHERE sequence.relkind = 'S' AND namespace.nspname = 'public'
"""
