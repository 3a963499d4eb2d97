"""Riddles, quizzes and articles by slug, kept per process until the content stamp moves.

Every guess, hint, reveal and quiz answer starts by looking its riddle or quiz up by slug;
that lookup (joined and select-in ORM loads) was the largest single cost of an action. The
loaded object is kept per process (caching.store), tagged with the content stamp
(caching.stamps), which every ORM write to riddles, hints, articles and quizzes moves
(caching.listener), so an editor's change is seen on the very next request. Entries also
expire after PAGE_CACHE_SECONDS (0: no caching), the bound for writes made past the session.

A kept object is loaded in a session of its own, with everything readers' views touch
loaded eagerly, and detached: it never joins a request's session, whose rollback would
otherwise expire it under other requests. Callers only read it; writes go through ids.

Nothing here decides what a reader may see: whether an article is published, a riddle or
quiz live or closed, is judged per request from the clock (harzquiz.clock) by the callers,
so a publish or close moment needs no invalidation. Kept objects hold unpublished content
and solutions; only those callers' checks stand between them and a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session, joinedload, selectinload

from harzquiz.caching import stamps
from harzquiz.caching.store import MISSING, named_cache
from harzquiz.extensions import db
from harzquiz.models import Article, PrizeDraw, Quiz, QuizQuestion, Riddle


def _kept(kind: str, slug: str, load: Callable[[Session], object | None]):
    """What `load` finds for `slug`, from this process's copy while the stamp stays.

    `load` builds its query only when called: even building it costs more than a hit."""
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if seconds <= 0:
        return load(db.session())
    kept = named_cache(current_app.extensions, f"harzquiz.kept.{kind}", 1000)
    version = stamps.current_version(stamps.CONTENT)
    found = kept.recall(version, slug)
    if found is not MISSING:
        return found
    with Session(db.engine, expire_on_commit=False) as session:
        found = load(session)
    kept.keep(version, slug, found, seconds)
    return found


def riddle_by_slug(slug: str) -> Riddle | None:
    """The riddle with this slug and its hints, whatever its status (None: no such riddle)."""
    return _kept(
        "riddle",
        slug,
        lambda session: (
            session.scalars(
                sa.select(Riddle).where(Riddle.slug == slug).options(joinedload(Riddle.hints))
            )
            .unique()
            .one_or_none()
        ),
    )


def riddles_published_up_to(publish_at: datetime, count: Callable[[Session], int]) -> int:
    """How many riddles have a publish moment up to `publish_at` (`count` asks the database;
    a riddle's number: depends only on riddles' publish moments, so on the content stamp)."""
    found = _kept("riddle-number", publish_at.isoformat(), count)
    return found if isinstance(found, int) else 0


def quiz_by_slug(slug: str) -> Quiz | None:
    """The quiz with this slug, its article, questions and choices, whatever its status."""
    return _kept(
        "quiz",
        slug,
        lambda session: session.scalar(
            sa.select(Quiz)
            .where(Quiz.slug == slug)
            .options(
                joinedload(Quiz.article),
                selectinload(Quiz.questions).selectinload(QuizQuestion.choices),
            )
        ),
    )


@dataclass(frozen=True)
class QuizSlot:
    """One quiz of an article, as much as choosing the one to show needs (by the clock)."""

    id: int
    slug: str
    publish_at: datetime | None
    closes_at: datetime | None


@dataclass(frozen=True)
class KeptArticle:
    """An article (detached, its columns loaded), the slug of the riddle it carries and its
    quizzes, whatever their status: callers decide by the clock what readers may see."""

    article: Article
    riddle_slug: str | None
    quizzes: tuple[QuizSlot, ...]


def _load_article(session: Session, slug: str) -> KeptArticle | None:
    found = session.execute(
        sa.select(Article, Riddle.slug)
        .outerjoin(Riddle, Riddle.id == Article.riddle_id)
        .where(Article.slug == slug)
    ).one_or_none()
    if found is None:
        return None
    article, riddle_slug = found
    quizzes = session.execute(
        sa.select(Quiz.id, Quiz.slug, Quiz.publish_at, Quiz.closes_at).where(
            Quiz.article_id == article.id
        )
    ).all()
    return KeptArticle(article, riddle_slug, tuple(QuizSlot(*row) for row in quizzes))


def article_by_slug(slug: str) -> KeptArticle | None:
    """The article with this slug, its riddle's slug and its quizzes, whatever its status."""
    return _kept("article", slug, lambda session: _load_article(session, slug))


def prize_riddle_ids() -> frozenset[int]:
    """The ids of the riddles that have a prize draw (PrizeDraw writes move the content
    stamp): a riddle page without one reads nothing about prizes."""
    return _kept(
        "prize-riddles",
        "all",
        lambda session: frozenset(session.scalars(sa.select(PrizeDraw.riddle_id))),
    )
