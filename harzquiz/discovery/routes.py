"""Feeds and discovery: Atom feeds, sitemap.xml, robots.txt and link-preview pictures (GET
only, no session)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from harzquiz import clock
from harzquiz.caching import stamps
from harzquiz.caching.store import VersionedCache
from harzquiz.discovery import atom, card, sitemap
from harzquiz.services import catalog, discovery, quiz_play

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
        discovery.feed_riddles(now), now, current_app.config["SITE_NAME"], get_locale().language
    )
    return _respond(body, ATOM)


@bp.get("/feeds/artikel.atom")
def article_feed():
    """The published articles."""
    now = clock.now()
    body = atom.article_feed(
        discovery.feed_articles(now), now, current_app.config["SITE_NAME"], get_locale().language
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


@bp.get("/vorschau/seite.png")
def site_preview():
    """The link-preview picture of pages without one of their own."""
    return _preview(("site",), _("Rätsel der Woche"), _("Raten, Tipps, Rangliste"))


@bp.get("/vorschau/raetsel/<slug>.png")
def riddle_preview(slug: str):
    """A public riddle's link-preview picture: its title, never its solution."""
    riddle = catalog.public_riddle(slug, clock.now())
    if riddle is None:
        abort(404)
    return _preview(("riddle", riddle.id), _("Rätsel der Woche"), riddle.title)


@bp.get("/vorschau/quiz/<slug>.png")
def quiz_preview(slug: str):
    """A public quiz's link-preview picture: its title."""
    quiz = quiz_play.public_quiz(slug, clock.now())
    if quiz is None:
        abort(404)
    return _preview(("quiz", quiz.id), _("Quiz"), quiz.title)


def _preview(key: tuple, label: str, title: str) -> Response:
    """The picture, drawn once per content version (an editor's save moves it) and language."""
    cache = current_app.extensions.setdefault("harzquiz.previews", VersionedCache(200))
    version = stamps.current_version(stamps.CONTENT)
    png = cache.get(
        version,
        (*key, get_locale().language),
        lambda: card.render_card(current_app.config["SITE_NAME"], label, title),
    )
    return _respond(png, "image/png")
