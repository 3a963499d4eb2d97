"""What the feeds and the sitemap list: public riddles, articles and quizzes, newest first.

Only what readers may already see: riddles and quizzes whose publish time has come, and
published articles. Whether a riddle's solution may be shown is decided by the caller with
`rules.lifecycle` (only once the riddle is closed)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Article, Quiz, Riddle

FEED_SIZE = 30
SITEMAP_LIMIT = 5000  # a sitemap file may list 50,000 URLs; this site has far fewer


def feed_riddles(now: datetime, limit: int = FEED_SIZE) -> Sequence[Riddle]:
    """Riddles that have gone live (also closed ones), newest publish time first."""
    return db.session.scalars(
        sa.select(Riddle)
        .where(Riddle.publish_at.is_not(None), Riddle.publish_at <= now)
        .order_by(Riddle.publish_at.desc(), Riddle.id.desc())
        .limit(limit)
    ).all()


def feed_articles(now: datetime, limit: int = FEED_SIZE) -> Sequence[Article]:
    """Published articles, newest first."""
    return db.session.scalars(
        sa.select(Article)
        .where(Article.published_at.is_not(None), Article.published_at <= now)
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit)
    ).all()


def sitemap_quizzes(now: datetime, limit: int = SITEMAP_LIMIT) -> Sequence[Quiz]:
    """Quizzes that have gone live (also closed ones)."""
    return db.session.scalars(
        sa.select(Quiz)
        .where(Quiz.publish_at.is_not(None), Quiz.publish_at <= now)
        .order_by(Quiz.publish_at.desc(), Quiz.id.desc())
        .limit(limit)
    ).all()
