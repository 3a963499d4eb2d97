"""Which riddles and articles readers can see: the current riddle, public ones, the archive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from harzquiz.caching.content import (
    KeptArticle,
    article_by_slug,
    riddle_by_slug,
    riddles_published_up_to,
)
from harzquiz.extensions import db
from harzquiz.models import Article, Guess, Riddle, Solve
from harzquiz.rules.lifecycle import is_public, riddle_status


def _public(now: datetime):
    """Riddles whose publish time has come (live or closed)."""
    return Riddle.publish_at.is_not(None) & (Riddle.publish_at <= now)


def _live(now: datetime):
    return _public(now) & (Riddle.closes_at.is_(None) | (Riddle.closes_at > now))


def _current_slug() -> sa.Select:
    riddle = Riddle.__table__
    now: sa.BindParameter[datetime] = sa.bindparam("now")
    return (
        sa.select(riddle.c.slug)
        .where(riddle.c.publish_at.is_not(None), riddle.c.publish_at <= now)
        .where(riddle.c.closes_at.is_(None) | (riddle.c.closes_at > now))
        .order_by(riddle.c.publish_at.desc(), riddle.c.id.desc())
        .limit(1)
    )


CURRENT_SLUG = _current_slug()


def current_riddle(now: datetime) -> Riddle | None:
    """The riddle of the week: of all live riddles, the one published last (then highest id).

    One small indexed query finds its slug; the riddle itself comes from the content cache.
    """
    slug = db.session.scalar(CURRENT_SLUG, {"now": now})
    return None if slug is None else riddle_by_slug(slug)


def next_lifecycle_change(now: datetime) -> datetime | None:
    """The next moment any riddle is published or closes (pages may change then)."""
    moments = db.session.execute(
        sa.select(
            sa.func.min(Riddle.publish_at).filter(Riddle.publish_at > now),
            sa.func.min(Riddle.closes_at).filter(Riddle.closes_at > now),
        )
    ).one()
    return min((moment for moment in moments if moment is not None), default=None)


def riddle_number(publish_at: datetime | None) -> int:
    """A riddle's number for readers: how many riddles went live up to and with it (kept
    per process under the content stamp: every solve's share text asks for it)."""
    if publish_at is None:
        return 0
    return riddles_published_up_to(
        publish_at,
        lambda session: (
            session.scalar(
                sa.select(sa.func.count(Riddle.id)).where(
                    Riddle.publish_at.is_not(None), Riddle.publish_at <= publish_at
                )
            )
            or 0
        ),
    )


def public_riddle(slug: str, now: datetime) -> Riddle | None:
    """A live or closed riddle by slug; drafts and scheduled riddles do not exist for readers."""
    riddle = riddle_by_slug(slug)
    if riddle is None or not is_public(riddle_status(riddle.publish_at, riddle.closes_at, now)):
        return None
    return riddle


@dataclass(frozen=True)
class ArchiveEntry:
    """A closed riddle with its solution and how many of its players solved it."""

    riddle: Riddle
    players: int
    solves: int

    @property
    def solve_rate(self) -> float:
        """Share of the riddle's players who solved it (0 when nobody played)."""
        return self.solves / self.players if self.players else 0.0


def archive_entries(riddles: Sequence[Riddle]) -> list[ArchiveEntry]:
    """These closed riddles (one page of the archive) with player and solve counts, in two
    grouped queries."""
    ids = [r.id for r in riddles]
    players = dict(
        db.session.execute(
            sa.select(Guess.riddle_id, sa.func.count(sa.distinct(Guess.player_id)))
            .where(Guess.riddle_id.in_(ids))
            .group_by(Guess.riddle_id)
        ).all()
    )
    solves = dict(
        db.session.execute(
            sa.select(Solve.riddle_id, sa.func.count())
            .where(Solve.riddle_id.in_(ids))
            .group_by(Solve.riddle_id)
        ).all()
    )
    return [
        ArchiveEntry(r, max(players.get(r.id, 0), solves.get(r.id, 0)), solves.get(r.id, 0))
        for r in riddles
    ]


def published_articles(now: datetime, limit: int = 6) -> Sequence[Article]:
    """The newest published articles, for teasers."""
    return db.session.scalars(
        sa.select(Article)
        .where(Article.published_at.is_not(None), Article.published_at <= now)
        .order_by(Article.published_at.desc())
        .limit(limit)
    ).all()


def published_article(slug: str, now: datetime) -> KeptArticle | None:
    """A published article by slug (the process's kept copy, with its riddle's slug and its
    quizzes); whether it is published is decided here, by the clock, on every request."""
    kept = article_by_slug(slug)
    published_at = kept.article.published_at if kept is not None else None
    if kept is None or published_at is None or published_at > now:
        return None
    return kept


def riddle_for_article(article: KeptArticle, now: datetime) -> Riddle | None:
    """The riddle shown beside an article: its own if readers may see it, else the current one."""
    riddle = riddle_by_slug(article.riddle_slug) if article.riddle_slug is not None else None
    if riddle is not None and is_public(riddle_status(riddle.publish_at, riddle.closes_at, now)):
        return riddle
    return current_riddle(now)
