"""Feeds and discovery: Atom feeds, sitemap.xml and robots.txt (GET only, no session)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, url_for
from flask_babel import get_locale

from harzquiz import clock
from harzquiz.discovery import atom, sitemap
from harzquiz.services import discovery

bp = Blueprint("discovery", __name__)

ATOM = "application/atom+xml; charset=utf-8"
MAX_AGE = 300  # feed readers and crawlers poll; five minutes behind is fine for both


def _respond(body: bytes | str, mimetype: str) -> Response:
    response = Response(body, content_type=mimetype)
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    return response


@bp.get("/feeds/raetsel.atom")
def riddle_feed():
    """The riddles that have gone live; a solution appears once its riddle is closed."""
    now = clock.now()
    body = atom.riddle_feed(
        discovery.feed_riddles(now), now, current_app.config["SITE_NAME"], str(get_locale())
    )
    return _respond(body, ATOM)


@bp.get("/feeds/artikel.atom")
def article_feed():
    """The published articles."""
    now = clock.now()
    body = atom.article_feed(
        discovery.feed_articles(now), now, current_app.config["SITE_NAME"], str(get_locale())
    )
    return _respond(body, ATOM)


@bp.get("/sitemap.xml")
def sitemap_xml():
    """Every public page: fixed pages, public riddles, articles and quizzes."""
    now = clock.now()
    body = sitemap.sitemap_xml(
        discovery.feed_riddles(now, discovery.SITEMAP_LIMIT),
        discovery.feed_articles(now, discovery.SITEMAP_LIMIT),
        discovery.sitemap_quizzes(now),
        now,
    )
    return _respond(body, "application/xml; charset=utf-8")


@bp.get("/robots.txt")
def robots_txt():
    """Crawl everything public; keep the desk, embeds and action URLs out."""
    body = sitemap.robots_txt(current_app, url_for(".sitemap_xml", _external=True))
    return _respond(body, "text/plain; charset=utf-8")
