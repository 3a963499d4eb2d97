"""The Atom feeds, built with feedgen.

A riddle's entry carries its question from the moment it goes live; its solution only once
the riddle is closed (the entry's `updated` moves then, so feed readers fetch it again)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from feedgen.feed import FeedGenerator
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup

from harzquiz.models import Article, Riddle
from harzquiz.rules.lifecycle import Status, riddle_status
from harzquiz.web.markdown import render_markdown


def _feed(title: str, self_endpoint: str, updated: datetime, language: str) -> FeedGenerator:
    feed = FeedGenerator()
    self_url = url_for(self_endpoint, _external=True)
    feed.id(self_url)
    feed.title(title)
    feed.link(href=self_url, rel="self")
    feed.link(href=url_for("pages.home", _external=True), rel="alternate")
    feed.language(language)
    feed.updated(updated)
    return feed


def riddle_feed(riddles: Sequence[Riddle], now: datetime, site_name: str, language: str) -> bytes:
    """Atom feed of the riddles that have gone live; solutions of closed ones only."""
    stamps = [_riddle_updated(riddle, now) for riddle in riddles]
    feed = _feed(
        _("%(site)s: Rätsel der Woche", site=site_name),
        "discovery.riddle_feed",
        max(stamps, default=now),
        language,
    )
    for riddle, updated in zip(riddles, stamps, strict=True):
        entry = feed.add_entry(order="append")
        link = url_for("riddles.riddle_page", slug=riddle.slug, _external=True)
        entry.id(link)
        entry.title(riddle.title)
        entry.link(href=link)
        assert riddle.publish_at is not None  # feed_riddles lists published ones only
        entry.published(riddle.publish_at)
        entry.updated(updated)
        entry.content(_riddle_html(riddle, now), type="html")
    return feed.atom_str(pretty=True)


def article_feed(
    articles: Sequence[Article], now: datetime, site_name: str, language: str
) -> bytes:
    """Atom feed of the published articles (teaser as summary, the article as content)."""
    feed = _feed(
        _("%(site)s: Artikel", site=site_name),
        "discovery.article_feed",
        max((a.published_at for a in articles if a.published_at), default=now),
        language,
    )
    for article in articles:
        entry = feed.add_entry(order="append")
        link = url_for("articles.article", slug=article.slug, _external=True)
        entry.id(link)
        entry.title(article.title)
        entry.link(href=link)
        assert article.published_at is not None  # feed_articles lists published ones only
        entry.published(article.published_at)
        entry.updated(article.published_at)
        if article.author_name:
            entry.author(name=article.author_name)
        if article.teaser:
            entry.summary(article.teaser)
        entry.content(str(render_markdown(article.body_markdown)), type="html")
    return feed.atom_str(pretty=True)


def _riddle_closed(riddle: Riddle, now: datetime) -> bool:
    return riddle_status(riddle.publish_at, riddle.closes_at, now) is Status.CLOSED


def _riddle_updated(riddle: Riddle, now: datetime) -> datetime:
    """When the entry last changed for readers: its publish time, or its close."""
    if _riddle_closed(riddle, now) and riddle.closes_at is not None:
        return riddle.closes_at
    assert riddle.publish_at is not None
    return riddle.publish_at


def _riddle_html(riddle: Riddle, now: datetime) -> str:
    """The question (plain text, as on the page); the solution and explanation once closed."""
    parts = [Markup("<p>%s</p>") % riddle.question]
    if _riddle_closed(riddle, now):
        parts.append(Markup("<p><strong>%s</strong> %s</p>") % (_("Lösung:"), riddle.solution))
        if riddle.explanation:
            parts.append(Markup("<p>%s</p>") % riddle.explanation)
    return "\n".join(parts)
