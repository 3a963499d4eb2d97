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


def _meta(html: str) -> dict[str, str]:
    """The page's <meta> tags: property or name -> content."""
    import re

    found = {}
    for tag in re.findall(r"<meta [^>]*>", html):
        key = re.search(r'(?:property|name)="([^"]+)"', tag)
        value = re.search(r'content="([^"]*)"', tag)
        if key and value:
            found[key.group(1)] = value.group(1)
    return found


@pytest.mark.parametrize(
    "url",
    ["/", "/archiv", "/rangliste", "/impressum", "/datenschutz", "/anmelden", "/registrieren"],
)
def test_every_page_has_a_description_and_a_link_preview(client, content, url):
    meta = _meta(client.get(url).get_data(as_text=True))
    assert meta["description"] and meta["og:description"] == meta["description"]
    assert meta["og:title"] and meta["twitter:card"] == "summary_large_image"
    assert meta["og:image"] == "http://localhost/vorschau/seite.png" == meta["twitter:image"]
    assert meta["og:url"] == f"http://localhost{url}"


def test_a_riddle_page_previews_its_question_and_title_but_never_its_solution(client, content):
    html = client.get("/raetsel/boje").get_data(as_text=True)
    meta = _meta(html)
    assert meta["og:title"] == "Die Boje"
    assert meta["description"].startswith("Aus einer Boje")
    assert meta["og:image"] == "http://localhost/vorschau/raetsel/boje.png"
    assert "Kugelgrill" not in html


def test_article_and_quiz_pages_have_their_own_preview(client, content):
    quiz = make_quiz(slug="brocken-quiz")
    meta = _meta(client.get("/artikel/brocken-news").get_data(as_text=True))
    assert meta["og:type"] == "article" and meta["description"] == "Kurz"
    meta = _meta(client.get("/quiz/brocken-quiz").get_data(as_text=True))
    assert meta["og:image"] == "http://localhost/vorschau/quiz/brocken-quiz.png"
    assert meta["og:title"] == quiz.title


def test_the_preview_picture_is_1200_by_630_and_shows_only_the_title(client, content):
    from io import BytesIO

    from PIL import Image

    from harzquiz.discovery.card import render_card

    response = client.get("/vorschau/raetsel/boje.png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert Image.open(BytesIO(response.data)).size == (1200, 630)
    # Byte for byte what the card draws from the site name, the label and the title alone.
    assert response.data == render_card("HarzQuiz", "Rätsel der Woche", "Die Boje")
    assert "Set-Cookie" not in response.headers


def test_the_preview_follows_an_edit_of_the_title(client, app, content):
    from harzquiz.discovery.card import render_card
    from harzquiz.extensions import db

    first = client.get("/vorschau/raetsel/boje.png").data
    content["live"].title = "Die gelbe Boje"
    db.session.commit()
    second = client.get("/vorschau/raetsel/boje.png").data
    assert first != second == render_card("HarzQuiz", "Rätsel der Woche", "Die gelbe Boje")


@pytest.mark.parametrize("slug", ["bald", "entwurf", "gibt-es-nicht"])
def test_no_preview_of_riddles_readers_cannot_see(client, content, slug):
    assert client.get(f"/vorschau/raetsel/{slug}.png").status_code == 404


def test_pages_with_url_arguments_name_their_own_address(client, content):
    meta = _meta(client.get("/raetsel/boje").get_data(as_text=True))
    assert meta["og:url"] == "http://localhost/raetsel/boje"
    meta = _meta(client.get("/artikel/brocken-news").get_data(as_text=True))
    assert meta["og:url"] == "http://localhost/artikel/brocken-news"
    # A link with a token in its path: the page's meta does not repeat it.
    meta = _meta(client.get("/passwort-vergessen/ein-geheimes-token").get_data(as_text=True))
    assert "og:url" not in meta and meta["og:title"]
    assert not any("ein-geheimes-token" in value for value in meta.values())
