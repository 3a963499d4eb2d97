"""Feeds and discovery: the Atom feeds (parsed with feedparser), sitemap.xml and robots.txt.

A riddle's solution is in its feed entry only once the riddle is closed; drafts, scheduled
riddles and unpublished articles are in no feed and no sitemap."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import feedparser
import pytest

from tests.factories import NOW, make_article, make_closed_riddle, make_riddle
from tests.quiz_factories import make_quiz

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def content(app):
    return {
        "live": make_riddle(slug="boje", title="Die Boje", solution="Kugelgrill"),
        "closed": make_closed_riddle(slug="alt", title="Der Berg", solution="Brocken"),
        "scheduled": make_riddle(
            slug="bald", title="Bald", solution="Hexentanzplatz", publish_at=NOW + timedelta(days=2)
        ),
        "draft": make_riddle(slug="entwurf", title="Entwurf", solution="Bode", publish_at=None),
        "article": make_article(slug="brocken-news", title="Neues vom Brocken", teaser="Kurz"),
        "unpublished": make_article(slug="geheim", title="Geheim", published_at=None),
    }


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    parsed = feedparser.parse(response.get_data())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return response, parsed


def test_riddle_feed_lists_public_riddles_with_solutions_only_once_closed(client, content):
    response, feed = _feed(client, "/feeds/raetsel.atom")
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Die Boje", "Der Berg"]  # newest publish time first
    live, closed = feed.entries
    assert live.link == "http://localhost/raetsel/boje"
    assert "Kugelgrill" not in response.get_data(as_text=True)  # live: no solution anywhere
    assert "Brocken" in closed.content[0].value  # closed: the solution is shown
    body = response.get_data(as_text=True)
    assert "Hexentanzplatz" not in body and "Bald" not in body  # scheduled
    assert "Entwurf" not in body and "Bode" not in body  # draft


def test_a_closing_riddle_gets_its_solution_and_a_new_updated_time(client, app, content):
    _, before = _feed(client, "/feeds/raetsel.atom")
    app.config["NOW"] = content["live"].closes_at + timedelta(minutes=1)
    response, after = _feed(client, "/feeds/raetsel.atom")
    entry = next(e for e in after.entries if e.title == "Die Boje")
    assert "Kugelgrill" in entry.content[0].value
    old = next(e for e in before.entries if e.title == "Die Boje")
    assert entry.updated_parsed > old.updated_parsed  # feed readers fetch it again


def test_riddle_feed_escapes_what_editors_typed(client, app):
    make_riddle(slug="x", title="<b>Fett</b>", question="<script>alert(1)</script>")
    response, feed = _feed(client, "/feeds/raetsel.atom")
    assert feed.entries[0].title == "<b>Fett</b>"  # a title, not markup
    assert "<script>" not in feed.entries[0].content[0].value


def test_article_feed_lists_published_articles(client, content):
    response, feed = _feed(client, "/feeds/artikel.atom")
    assert [entry.title for entry in feed.entries] == ["Neues vom Brocken"]
    assert feed.entries[0].summary == "Kurz"
    assert "Geheim" not in response.get_data(as_text=True)


def test_empty_feeds_are_still_valid_atom(client):
    for url in ("/feeds/raetsel.atom", "/feeds/artikel.atom"):
        _, feed = _feed(client, url)
        assert feed.entries == []


def test_every_page_links_both_feeds(client, content):
    for url in ("/", "/archiv", "/rangliste", "/artikel/brocken-news", "/raetsel/alt"):
        html = client.get(url).get_data(as_text=True)
        assert 'type="application/atom+xml"' in html, url
        assert 'href="/feeds/raetsel.atom"' in html and 'href="/feeds/artikel.atom"' in html


def test_sitemap_lists_the_public_pages_and_nothing_else(client, content):
    make_quiz(slug="brocken-quiz")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.get_data())
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")}
    assert {
        "http://localhost/",
        "http://localhost/archiv",
        "http://localhost/rangliste",
        "http://localhost/raetsel/boje",
        "http://localhost/raetsel/alt",
        "http://localhost/artikel/brocken-news",
        "http://localhost/quiz/brocken-quiz",
    } <= locations
    joined = " ".join(locations)
    for hidden in ("bald", "entwurf", "geheim", "redaktion", "embed"):
        assert hidden not in joined


def test_robots_keeps_desk_embeds_and_actions_out(client, app):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    disallowed = {line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")}
    assert {"/redaktion", "/embed/", "/raetsel/*/raten", "/raetsel/*/loesung"} <= disallowed
    assert "/quiz/*/antworten" in disallowed and "/sprache/*" in disallowed
    # Every URL that takes a POST is covered (read from the URL map, so new ones are too).
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods:
            sample = "/".join("x" if p.startswith("<") else p for p in rule.rule.split("/"))
            assert any(_robots_match(pattern, sample) for pattern in disallowed), rule.rule
    assert "Disallow: /\n" not in response.get_data(as_text=True)  # public pages stay crawlable
    assert "Sitemap: http://localhost/sitemap.xml" in lines


def _robots_match(pattern: str, path: str) -> bool:
    """robots.txt prefix matching with `*` wildcards (RFC 9309)."""
    import re

    return re.match(".*".join(map(re.escape, pattern.split("*"))), path) is not None


def test_discovery_responses_set_no_cookie(client, content):
    for url in ("/feeds/raetsel.atom", "/feeds/artikel.atom", "/sitemap.xml", "/robots.txt"):
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url
        assert "public" in response.headers["Cache-Control"], url
