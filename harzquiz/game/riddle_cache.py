"""Riddles with their hints, kept per process until the content stamp moves.

Every guess, hint and reveal starts by looking its riddle up by slug; that lookup (a joined
ORM load) was the largest single cost of an action. The loaded riddle is kept per process,
tagged with the content stamp (harzquiz.cache), which every ORM write to riddles and hints
moves (harzquiz.content_stamp), so an editor's change is seen on the very next request.
Entries also expire after PAGE_CACHE_SECONDS (0: no caching), the bound for raw SQL writes.

A kept riddle is loaded in a session of its own and detached: it never joins a request's
session, whose rollback would otherwise expire it under other requests. Callers only read
it (its columns and hints are loaded); writes go through ids.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload

from .. import cache
from ..extensions import db
from ..models import Riddle


@dataclass(frozen=True)
class _Entry:
    riddle: Riddle | None
    expires: float  # monotonic seconds


def _by_slug(slug: str) -> sa.Select:
    return sa.select(Riddle).where(Riddle.slug == slug).options(joinedload(Riddle.hints))


def _load_detached(slug: str) -> Riddle | None:
    with Session(db.engine, expire_on_commit=False) as session:
        return session.scalars(_by_slug(slug)).unique().one_or_none()


def riddle_by_slug(slug: str) -> Riddle | None:
    """The riddle with this slug and its hints, whatever its status (None: no such riddle)."""
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if seconds <= 0:
        return db.session.scalars(_by_slug(slug)).unique().one_or_none()
    riddles = current_app.extensions.setdefault("harzquiz.riddles", cache.VersionedCache(1000))
    version = cache.current_version(cache.CONTENT)
    entry = riddles.peek(version, slug)
    if isinstance(entry, _Entry) and entry.expires > time.monotonic():
        return entry.riddle
    riddle = _load_detached(slug)
    riddles.put(version, slug, _Entry(riddle, time.monotonic() + seconds))
    return riddle
