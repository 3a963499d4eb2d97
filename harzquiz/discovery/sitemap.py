"""sitemap.xml (the public pages) and robots.txt (what search engines should leave alone)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from xml.etree import ElementTree as ET

from flask import Flask, url_for

from harzquiz.models import Article, Quiz, Riddle

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# Public pages without URL arguments, in the order they appear in the sitemap.
STATIC_PAGES = (
    "pages.home",
    "riddles.archive",
    "leaderboards.leaderboard",
    "pages.imprint",
    "pages.privacy",
)
# Never indexed, whatever their methods: the desk and partner embeds (per-partner copies of
# public pages, and the public embed is a copy too).
ALWAYS_DISALLOWED = ("/redaktion", "/embed/", "/oembed")


def sitemap_xml(
    riddles: Iterable[Riddle], articles: Iterable[Article], quizzes: Iterable[Quiz], now: datetime
) -> bytes:
    """The sitemap: fixed public pages, then every public riddle, article and quiz."""
    urlset = ET.Element("urlset", xmlns=NAMESPACE)
    for endpoint in STATIC_PAGES:
        _url(urlset, url_for(endpoint, _external=True), None)
    for riddle in riddles:
        _url(
            urlset,
            url_for("riddles.riddle_page", slug=riddle.slug, _external=True),
            riddle.closes_at if riddle.closes_at and riddle.closes_at <= now else riddle.publish_at,
        )
    for article in articles:
        _url(
            urlset,
            url_for("articles.article", slug=article.slug, _external=True),
            article.published_at,
        )
    for quiz in quizzes:
        _url(urlset, url_for("quizzes.quiz_page", slug=quiz.slug, _external=True), quiz.publish_at)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


def _url(urlset: ET.Element, location: str, modified: datetime | None) -> None:
    url = ET.SubElement(urlset, "url")
    ET.SubElement(url, "loc").text = location
    if modified is not None:
        ET.SubElement(url, "lastmod").text = modified.date().isoformat()


def disallowed_paths(app: Flask) -> list[str]:
    """Path patterns robots should not fetch: the desk, embeds, and every URL that takes a
    POST (actions and their forms), read from the URL map so new actions are covered."""
    paths = set(ALWAYS_DISALLOWED)
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or ()) and not rule.rule.startswith(ALWAYS_DISALLOWED):
            paths.add(_pattern(rule.rule))
    return sorted(paths)


def _pattern(rule: str) -> str:
    """`/raetsel/<slug>/raten` -> `/raetsel/*/raten` (robots.txt wildcards)."""
    parts = ["*" if part.startswith("<") else part for part in rule.split("/")]
    return "/".join(parts)


def robots_txt(app: Flask, sitemap_url: str) -> str:
    """robots.txt: everything public may be crawled except `disallowed_paths`."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in disallowed_paths(app)]
    lines += ["", f"Sitemap: {sitemap_url}", ""]
    return "\n".join(lines)
