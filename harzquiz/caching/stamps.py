"""Version stamps: what keeps per-process caches correct across workers and servers.

Whatever a cache keeps (caching.store) is tagged with the stamp that was current when it was
computed. The stamps live in the database (table `cache_version`), so one `UPDATE` in the
transaction that writes moves a stamp for every gunicorn worker and every app server at
once; each request reads the stamps (one query) and a process whose copy is older
recomputes. No Redis needed, and no window in which a worker serves a board without a
solve that was already committed. Nobody calls `bump` by hand: the listener
(caching.listener) moves the stamps for every write through the session.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy.orm import Session

from harzquiz.caching import reads
from harzquiz.extensions import db
from harzquiz.models import CacheVersion, new_cache_token

POINTS = "points"  # what boards show: solves, quiz answers, nicknames (services.leaderboard)
CONTENT = "content"  # what editors write: riddles, hints, articles, quizzes


_STAMPS = CacheVersion.__table__
_BUMP = (
    sa.update(_STAMPS)
    .where(_STAMPS.c.name == sa.bindparam("stamp"))
    .values(token=sa.bindparam("new_token"))
)


def bump(name: str, session: Session | None = None) -> None:
    """Move a version stamp inside the transaction that changes what it guards, and read it
    afresh in this request (a Core statement on the session's connection: no ORM events)."""
    connection = (session or db.session()).connection()
    connection.execute(_BUMP, {"stamp": name, "new_token": new_cache_token()})
    forget(name)


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

    Every cached page and board reads this once per request, so it runs on the DBAPI cursor
    of the request's plain connection (caching.reads, which the reader's other reads share):
    a sixth of an ORM query. (SQLAlchemy's statement events and SQL logging do not see this
    one read; its errors are wrapped as usual.) Inside an open transaction it reads through
    the session, so a stamp this transaction moved is seen; outside a request, on a
    connection of its own.
    """
    if reads.session_in_transaction():
        return dict(db.session.connection().exec_driver_sql(VERSIONS_SQL).all())
    plain = reads.plain_connection()
    if plain is not None:
        return _read_on(plain)
    with db.engine.connect() as connection:  # connection errors come wrapped, as anywhere
        return _read_on(connection)


def _read_on(connection: sa.Connection) -> dict[str, str]:
    return dict(reads.on_cursor(connection, VERSIONS_SQL))


def forget(name: str) -> None:
    """This request wrote under `name`: read the stamp again before using the cache."""
    if has_app_context():
        g.get("cache_versions", {}).pop(name, None)
