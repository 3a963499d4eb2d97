"""Per-process memo that stays correct across workers and servers: a shared version stamp.

Whatever a board shows is cached in each process, tagged with the version stamp that was
current when it was computed. The stamp lives in the database (table `cache_version`), so
one `UPDATE` in the transaction that writes points moves it for every gunicorn worker and
every app server at once; each request reads the stamp (one primary-key lookup) and a
process whose copy is older recomputes. No Redis needed, and no window in which a worker
serves a board without a solve that was already committed.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import TypeVar

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Session

from harzquiz.extensions import db
from harzquiz.models import CacheVersion, new_cache_token

T = TypeVar("T")

POINTS = "points"  # what boards show: solves, nicknames (harzquiz.services.leaderboard)
CONTENT = "content"  # what editors write: riddles, articles, schedules (harzquiz.services.editing)


_STAMPS = CacheVersion.__table__
_BUMP = (
    sa.update(_STAMPS)
    .where(_STAMPS.c.name == sa.bindparam("stamp"))
    .values(token=sa.bindparam("new_token"))
)


def bump(name: str, session: Session | None = None) -> None:
    """Move a version stamp; call inside the transaction that changes what it guards."""
    connection = (session or db.session()).connection()
    connection.execute(_BUMP, {"stamp": name, "new_token": new_cache_token()})


def current_version(name: str) -> str | None:
    """The stamp as committed now (read once per request: `g` keeps it for the rest).

    All stamps come in one query (a page needs both). None if the stamp row is missing:
    then nothing is cached, rather than cached forever.
    """
    versions = g.setdefault("cache_versions", {})
    if name not in versions:
        versions.update(_read_versions())
        versions.setdefault(name, None)
    return versions[name]


VERSIONS_SQL = "SELECT name, token FROM cache_version"


def _read_versions() -> dict[str, str]:
    """All stamps, the cheap way when this request has no transaction open.

    Every cached page and board reads this once per request, so it runs on the pooled
    connection's DBAPI cursor: a sixth of an ORM query. (SQLAlchemy's statement events and
    SQL logging do not see this one read; its errors are wrapped as usual.) Inside an open
    transaction it reads through the session, so a stamp this transaction moved is seen.
    """
    if db.session.registry.has() and db.session().in_transaction():
        return dict(db.session.connection().exec_driver_sql(VERSIONS_SQL).all())
    with db.engine.connect() as connection:  # connection errors come wrapped, as anywhere
        cursor = connection.connection.cursor()
        try:
            cursor.execute(VERSIONS_SQL)
            return dict(cursor.fetchall())
        except connection.dialect.loaded_dbapi.Error as error:
            base = connection.dialect.loaded_dbapi.Error
            raise sa.exc.DBAPIError.instance(VERSIONS_SQL, (), error, base) from error
        finally:
            cursor.close()


def changed(name: str) -> None:
    """This transaction changes what stamp `name` guards: move it, and read it afresh after."""
    bump(name)
    forget_version(name)


def forget_version(name: str) -> None:
    """This request wrote under `name`: read the stamp again before using the cache."""
    if has_app_context():
        g.get("cache_versions", {}).pop(name, None)


class VersionedCache:
    """A bounded dict that empties itself whenever the version it is asked with moves.

    Thread-safe (gthread workers): every entry always belongs to `self.version`.
    """

    def __init__(self, max_entries: int = 20_000):
        self.max_entries = max_entries
        self.version: str | None = None
        self.entries: dict[Hashable, object] = {}
        self._lock = threading.Lock()

    def get(self, version: str | None, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for `key` at `version`, computing it on a miss (None: no caching)."""
        if version is None:
            return compute()
        with self._lock:
            self._align(version)
            if key in self.entries:
                return self.entries[key]  # type: ignore[return-value]
        value = compute()  # outside the lock: other threads keep reading meanwhile
        self.put(version, key, value)
        return value

    def peek(self, version: str | None, key: Hashable) -> object | None:
        """The value stored for `key` at `version`, or None."""
        if version is None:
            return None
        with self._lock:
            self._align(version)
            return self.entries.get(key)

    def put(self, version: str | None, key: Hashable, value: object) -> None:
        """Remember `value` for `key`, computed at `version` (version None: not at all)."""
        if version is None:
            return
        with self._lock:
            self._align(version)
            if len(self.entries) >= self.max_entries:
                self.entries.clear()  # crude but bounded: own rows of many players
            self.entries[key] = value

    def _align(self, version: str) -> None:
        if version != self.version:
            self.entries.clear()
            self.version = version
