"""Editing riddles: the checks the database must answer, saving with a version check.

Schedule rule: live windows [publish_at, closes_at) never overlap (a riddle without a
close time is open-ended), so at any moment at most one riddle is live and "current"
is never in doubt. Closing early only shortens a window, so it is always allowed.

Correcting a live riddle's solution: existing solves stand (their points too), past
guesses keep the verdict they got (they are not re-judged), and every guess from the
moment of saving is judged against the new solution, alternatives and near misses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from harzquiz.extensions import db
from harzquiz.models import Article, Hint, Player, Riddle
from harzquiz.rules.lifecycle import Status, riddle_status
from harzquiz.services import audit

# Riddle columns the form edits, in the order a change is described in the audit log.
EDITED_FIELDS = (
    "title", "slug", "question", "solution", "explanation", "alternatives", "near_misses",
    "points", "publish_at", "closes_at",
)  # fmt: skip


@dataclass(frozen=True)
class RiddleValues:
    """A riddle as the form (or an import) describes it; hints are (text, cost) pairs."""

    title: str
    slug: str
    question: str
    solution: str
    explanation: str = ""
    alternatives: list[str] = field(default_factory=list)
    near_misses: list[dict] = field(default_factory=list)  # [{"phrase", "nudge"}]
    hints: list[tuple[str, int]] = field(default_factory=list)
    points: int = 100
    publish_at: datetime | None = None
    closes_at: datetime | None = None
    article_id: int | None = None


def slug_taken(model, slug: str, own_id: int | None) -> bool:
    """Whether another riddle or article (per `model`) already uses this slug."""
    query = sa.select(model.id).where(model.slug == slug)
    if own_id is not None:
        query = query.where(model.id != own_id)
    return db.session.scalar(query.limit(1)) is not None


def overlapping_riddle(
    publish_at: datetime | None, closes_at: datetime | None, own_id: int | None
) -> Riddle | None:
    """Another riddle whose live window overlaps [publish_at, closes_at), if any."""
    if publish_at is None:
        return None  # a draft is never live
    query = sa.select(Riddle).where(
        Riddle.publish_at.is_not(None),
        Riddle.closes_at.is_(None) | (Riddle.closes_at > publish_at),
    )
    if closes_at is not None:
        query = query.where(Riddle.publish_at < closes_at)
    if own_id is not None:
        query = query.where(Riddle.id != own_id)
    return db.session.scalar(query.order_by(Riddle.publish_at).limit(1))


def riddle_article_id(riddle: Riddle) -> int | None:
    """The article that carries this riddle (the first, if several do)."""
    return db.session.scalar(
        sa.select(Article.id).where(Article.riddle_id == riddle.id).order_by(Article.id).limit(1)
    )


def apply_values(riddle: Riddle, values: RiddleValues) -> list[str]:
    """Copy the values onto the riddle; return the names of the fields that changed."""
    changed = []
    for name in EDITED_FIELDS:
        new = getattr(values, name)
        if getattr(riddle, name) != new:
            setattr(riddle, name, new)
            changed.append(name)
    old_hints = [(h.text, h.cost) for h in riddle.hints]
    if old_hints != list(values.hints):
        changed.append("hints")
        _replace_hints(riddle, values.hints)
    return changed


def _replace_hints(riddle: Riddle, hints: list[tuple[str, int]]) -> None:
    """Update hints in place by position, so unlocks of kept positions stay attached."""
    by_position = {hint.position: hint for hint in riddle.hints}
    for position, (text, cost) in enumerate(hints, start=1):
        hint = by_position.pop(position, None)
        if hint is None:
            riddle.hints.append(Hint(position=position, text=text, cost=cost))
        else:
            hint.text, hint.cost = text, cost
    for surplus in by_position.values():
        riddle.hints.remove(surplus)


def _link_article(riddle: Riddle, article_id: int | None) -> bool:
    """Make `article_id` the article carrying the riddle; True if that changed."""
    current = riddle_article_id(riddle)
    # An id the form offered may be gone by now (deleted in between): link nothing then,
    # rather than failing on None.
    article = db.session.get(Article, article_id) if article_id is not None else None
    if current == (article.id if article else None):
        return False
    if current is not None and (previous := db.session.get(Article, current)) is not None:
        previous.riddle_id = None
    if article is not None:
        article.riddle_id = riddle.id
    return True


def save_riddle(riddle: Riddle | None, values: RiddleValues, actor: Player | None) -> Riddle | None:
    """Create or update a riddle with its audit entries in one transaction.

    Returns None when another editor saved the riddle meanwhile (the version check in
    the UPDATE found a newer row); nothing is written then.
    """
    created = riddle is None
    if riddle is None:
        riddle = Riddle(slug=values.slug)
        db.session.add(riddle)
    try:
        _save(riddle, values, actor, created)
    except StaleDataError:
        db.session.rollback()
        return None
    return riddle


def _save(riddle: Riddle, values: RiddleValues, actor: Player | None, created: bool) -> None:
    """Apply the values, link the article, add audit entries, commit (may be stale)."""
    was_published = riddle.publish_at
    changed = apply_values(riddle, values)
    db.session.flush()  # the UPDATE checks the version here
    if _link_article(riddle, values.article_id):
        changed.append("article")
    if created:
        audit.record(actor, "created", riddle, ", ".join(changed))
    elif changed:
        audit.record(actor, "changed", riddle, ", ".join(changed))
    if riddle.publish_at is not None and riddle.publish_at != was_published:
        audit.record(actor, "published", riddle, riddle.publish_at.isoformat())
    db.session.commit()


def close_early(riddle: Riddle, actor: Player | None, now: datetime) -> bool:
    """Close a live riddle now (its solution becomes public); False if it is not live."""
    if riddle_status(riddle.publish_at, riddle.closes_at, now) is not Status.LIVE:
        return False
    riddle.closes_at = now
    try:
        audit.record(actor, "closed", riddle, now.isoformat())
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return False
    return True


ARTICLE_FIELDS = (
    "title", "slug", "kicker", "teaser", "body_markdown", "author_name", "author_bio",
    "sources_count", "social_comments_count", "forum_posts_count", "riddle_id", "published_at",
)  # fmt: skip


def save_article(article: Article | None, values: dict, actor: Player | None) -> Article | None:
    """Create or update an article with its audit entries in one transaction.

    Returns None when another editor saved the article meanwhile (the version check in
    the UPDATE found a newer row); nothing is written then.
    """
    created = article is None
    if article is None:
        article = Article(slug=values["slug"])
        db.session.add(article)
    was_published = article.published_at
    changed = [name for name in ARTICLE_FIELDS if getattr(article, name) != values[name]]
    for name in changed:
        setattr(article, name, values[name])
    try:  # every flush (the audit entries' too) checks the version
        if created or changed:
            audit.record(actor, "created" if created else "changed", article, ", ".join(changed))
        if article.published_at is not None and article.published_at != was_published:
            audit.record(actor, "published", article, article.published_at.isoformat())
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return None
    return article
