"""Page content: home, article, archive, footer, Datenschutz, empty states and the 404 page."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest

from harzquiz.extensions import db
from harzquiz.models import Guess
from tests.clients import Reader
from tests.factories import (
    MONDAY,
    NOW,
    make_article,
    make_closed_riddle,
    make_player,
    make_riddle,
    make_solve,
)
from tests.helpers import HTMX, reader_paths

TELEGRAM = ("https://t.me/goslarnews", "https://t.me/harznews")


class Tags(HTMLParser):
    """Every start tag with its attributes, in document order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def find(self, tag: str, **attrs) -> list[dict[str, str | None]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(found.get(k.replace("_", "-")) == v for k, v in attrs.items())
        ]


def section(html: str, start_pattern: str, end_tag: str) -> str:
    """The markup from the first match of `start_pattern` to the next `end_tag`."""
    match = re.search(start_pattern, html)
    assert match, f"no {start_pattern!r}"
    end = html.index(end_tag, match.start())
    return html[match.start() : end + len(end_tag)]


def text(html: str) -> str:
    """Markup without tags, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# --- home -----------------------------------------------------------------------------------


def test_home_shows_riddle_form_leaderboard_and_teasers(app, client):
    riddle = make_riddle(slug="kugel", question="Aus einer Boje entwickelt – was ist es?")
    make_solve(make_player(nickname="Grillmeisterin"), riddle, 80, NOW)
    make_article(slug="einharz", title="EinHarz wird zehn", teaser="Eine Bilanz.")
    make_article(slug="spaeter", title="Noch geheim", published_at=NOW + timedelta(days=1))
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Aus einer Boje entwickelt – was ist es?" in html
    forms = Tags(html).find("form", action="/raetsel/kugel/raten")
    assert len(forms) == 1
    form = forms[0]
    assert form["method"] == "post"
    assert form["data-hx-post"] == "/raetsel/kugel/raten"
    guess_form = section(html, r'<form class="guess-form"', "</form>")
    assert re.search(r'<input[^>]*name="guess"', guess_form)
    assert re.search(r'<input[^>]*name="csrf_token"', guess_form)
    assert re.search(r'<button[^>]*type="submit"', guess_form)
    assert re.search(r'<label for="guess-kugel"', guess_form)
    board = section(html, r'<section[^>]*id="leaderboard"', "</section>")
    assert "Grillmeisterin" in board and "80" in board
    teasers = section(html, r'<section class="teasers"', "</section>")
    assert Tags(teasers).find("a", href="/artikel/einharz")
    assert "EinHarz wird zehn" in teasers and "Eine Bilanz." in teasers
    assert "Noch geheim" not in html


def test_home_picks_the_latest_live_riddle(app, client):
    make_riddle(slug="aelter", question="Ältere Frage?", publish_at=MONDAY - timedelta(days=1))
    make_riddle(slug="neuer", question="Neuere Frage?")
    make_riddle(slug="zukunft", question="Zukunftsfrage?", publish_at=NOW + timedelta(hours=1))
    html = client.get("/").get_data(as_text=True)
    assert "Neuere Frage?" in html
    assert "Ältere Frage?" not in html
    assert "Zukunftsfrage?" not in html


@pytest.mark.parametrize("situation", ["empty", "only_closed", "only_scheduled"])
def test_home_without_a_live_riddle_is_friendly(app, client, situation):
    if situation == "only_closed":
        make_closed_riddle(question="Alte Frage?")
    if situation == "only_scheduled":
        make_riddle(question="Künftige Frage?", publish_at=NOW + timedelta(days=2))
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    if situation == "only_scheduled":  # when (Berlin time), never which riddle
        publish = (NOW + timedelta(days=2)).astimezone(ZoneInfo("Europe/Berlin"))
        assert "Das nächste Rätsel erscheint am" in html
        assert f"um {publish:%H:%M} Uhr (Berliner Zeit)" in html
    else:
        assert "Das nächste Rätsel erscheint bald" in html
    assert Tags(html).find("a", href="/archiv")
    assert "Bis dahin: alle bisherigen Rätsel im Archiv" in html
    assert 'name="guess"' not in html
    assert "Künftige Frage?" not in html and "Alte Frage?" not in html
    assert 'id="leaderboard"' in html


# --- article --------------------------------------------------------------------------------


@pytest.fixture
def article_with_riddle(app):
    riddle = make_riddle(slug="kugel")
    return make_article(
        slug="einharz",
        kicker="Goslar · Harz",
        title="EinHarz: 10 Jahre Kooperation",
        teaser="Eine Bilanz nach zehn Jahren.",
        body_markdown=(
            "## Eine Erfolgsgeschichte\n\nDie Zusammenarbeit von **18 Bürgermeistern**.\n\n"
            "### Demografischer Wandel\n\n- eCarSharing Harz\n- HARZlocal\n"
        ),
        author_name="Konrad I. Schneider",
        author_bio="Freier Redakteur und Journalist.",
        riddle_id=riddle.id,
    )


def test_article_page_has_the_portal_layout(app, client, article_with_riddle):
    response = client.get("/artikel/einharz")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    article = section(html, r'<article class="article', "</article>")
    assert re.search(r'class="article__kicker">Goslar · Harz<', article)
    assert re.search(r"<h1[^>]*>EinHarz: 10 Jahre Kooperation</h1>", article)
    assert "Eine Bilanz nach zehn Jahren." in article
    body = section(article, r'<div class="article__body">', "</div>")
    assert "<h2>Eine Erfolgsgeschichte</h2>" in body
    assert "<h3>Demografischer Wandel</h3>" in body
    assert "<strong>18 Bürgermeistern</strong>" in body
    assert "<li>HARZlocal</li>" in body
    assert "##" not in body and "**" not in body
    counts = text(section(article, r'<dl class="article__counts"', "</dl>"))
    assert "Analysierte Quellen, die diese Meldung bestätigen 19" in counts
    assert "Analysierte Kommentare in sozialen Medien 125" in counts
    assert "Analysierte Forenbeiträge 47" in counts
    tags = Tags(article)
    for url in TELEGRAM:
        assert tags.find("a", href=url), url
    assert "Telegram" in text(article)
    author = section(article, r'<aside class="author-box"', "</aside>")
    assert "Konrad I. Schneider" in author and "Freier Redakteur und Journalist." in author


def test_article_page_carries_its_riddle_and_a_back_to_top_link(app, client, article_with_riddle):
    html = client.get("/artikel/einharz").get_data(as_text=True)
    tags = Tags(html)
    assert tags.find("section", id="riddle-kugel")
    assert "Aus einer Boje entwickelt – was ist es?" in html
    form = tags.find("form", action="/raetsel/kugel/raten")
    assert (
        form and form[0]["method"] == "post" and form[0]["data-hx-post"] == "/raetsel/kugel/raten"
    )
    assert 'id="leaderboard"' in html
    back = [a for a in tags.find("a") if a.get("href") == "#top"]
    assert back
    assert "Zurück zum Anfang" in html
    assert tags.find("header", id="top") or any(attrs.get("id") == "top" for _, attrs in tags.tags)


def test_article_without_riddle_shows_the_current_one(app, client):
    make_riddle(slug="aktuell", question="Die aktuelle Frage?")
    make_article(slug="ohne")
    html = client.get("/artikel/ohne").get_data(as_text=True)
    assert "Die aktuelle Frage?" in html
    assert Tags(html).find("form", action="/raetsel/aktuell/raten")


def test_unpublished_or_unknown_article_is_not_found(app, client):
    make_article(slug="morgen", published_at=NOW + timedelta(days=1))
    make_article(slug="entwurf", published_at=None)
    for slug in ("morgen", "entwurf", "gibt-es-nicht"):
        assert client.get(f"/artikel/{slug}").status_code == 404, slug


def test_article_markdown_is_sanitised(app, client):
    make_article(
        slug="boese",
        body_markdown=(
            "## Sicherer Titel\n\n"
            "<script>alert('skript')</script>\n\n"
            '<iframe src="https://evil.example/"></iframe>\n\n'
            "<p onclick=\"alert('klick')\">Klick mich</p>\n\n"
            "[Verweis](javascript:alert('link'))\n\n"
            "<a href=\"javascript:alert('roh')\">Roher Link</a>\n\n"
            "<img src=x onerror=\"alert('bild')\">\n\n"
            '<a href="https://www.goslar.de/">Goslar</a>\n'
        ),
    )
    html = client.get("/artikel/boese").get_data(as_text=True)
    body = section(html, r'<div class="article__body">', "</div>")
    lowered = body.lower()
    for forbidden in ("<script", "<iframe", "onclick", "onerror", "javascript:", "alert(", "<img"):
        assert forbidden not in lowered, forbidden
    assert "<h2>Sicherer Titel</h2>" in body
    assert "Klick mich" in body and "Verweis" in body and "Roher Link" in body
    assert Tags(body).find("a", href="https://www.goslar.de/")
    # Nowhere else on the page either.
    assert "<iframe" not in html.lower() and "alert(" not in html


# --- archive --------------------------------------------------------------------------------


def add_guess(player, riddle, text: str, verdict: str) -> None:
    db.session.add(Guess(player_id=player.id, riddle_id=riddle.id, text=text, verdict=verdict))
    db.session.commit()


def test_archive_lists_closed_riddles_with_solution_and_solve_rate(app, client):
    brocken = make_closed_riddle(
        slug="brocken", title="Tanz auf dem Gipfel", question="Wo tanzen die Hexen?"
    )
    older = make_closed_riddle(
        slug="rammelsberg",
        title="Tausend Jahre unter Tage",
        solution="Rammelsberg",
        publish_at=MONDAY - timedelta(days=14),
        closes_at=MONDAY - timedelta(days=7),
    )
    live = make_riddle(
        slug="kugel",
        title="Bojen-Rätsel",
        question="Die Frage dieser Woche?",
        solution="Kugelgrill",
    )
    make_riddle(slug="bald", title="Kommt bald", publish_at=NOW + timedelta(days=3))
    solver, loser = make_player(nickname="Löserin"), make_player(nickname="Verlierer")
    add_guess(solver, brocken, "Harz", "wrong")
    add_guess(solver, brocken, "Brocken", "correct")
    make_solve(solver, brocken, 90, MONDAY - timedelta(days=5))
    add_guess(loser, brocken, "Wurmberg", "wrong")
    add_guess(loser, brocken, "Achtermann", "wrong")
    # Players of the live riddle do not change the archive.
    make_solve(loser, live, 100, NOW)

    response = client.get("/archiv")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    items = re.findall(r'<li class="archive__item"[^>]*>.*?</li>', html, re.DOTALL)
    assert len(items) == 2
    newest, oldest = (text(item) for item in items)
    assert "Tanz auf dem Gipfel" in newest and "Tausend Jahre unter Tage" in oldest
    assert "Wo tanzen die Hexen?" in newest
    assert "Lösung: Brocken" in newest
    assert "1 von 2" in newest and "50 %" in newest
    assert "Lösung: Rammelsberg" in oldest
    assert "0 von 0" in oldest and "0 %" in oldest
    assert Tags(items[0]).find("a", href="/raetsel/brocken")
    assert older.slug in items[1]
    assert "Bojen-Rätsel" not in html and "Die Frage dieser Woche?" not in html
    assert "Kugelgrill" not in html
    assert "Kommt bald" not in html


def test_empty_archive_says_so(app, client):
    make_riddle()
    html = client.get("/archiv").get_data(as_text=True)
    assert "Noch keine beendeten Rätsel." in html
    assert "archive__item" not in html


# --- every page: footer, layout -------------------------------------------------------------


def test_footer_on_every_page(app, client, article_with_riddle):
    for path in [*reader_paths("kugel", "einharz"), "/gibt-es-nicht"]:
        html = client.get(path).get_data(as_text=True)
        footer = section(html, r"<footer\b", "</footer>")
        tags = Tags(footer)
        assert tags.find("a", href="/impressum"), path
        assert tags.find("a", href="/datenschutz"), path
        for url in TELEGRAM:
            assert tags.find("a", href=url), (path, url)
        assert "Impressum" in footer and "Datenschutz" in footer and "Telegram" in footer


def test_imprint_names_operator_and_contact(app, client):
    html = client.get("/impressum").get_data(as_text=True)
    assert app.config["IMPRINT_OPERATOR"] in html
    assert Tags(html).find("a", href=f"mailto:{app.config['IMPRINT_EMAIL']}")


def test_privacy_page_names_every_cookie_the_site_sets(app, client):
    riddle = make_riddle(slug="kugel")
    reader = Reader(client)
    cookies: set[str] = set()
    responses = [
        reader.open("/"),
        reader.guess(riddle.slug, "Boje"),
        reader.post("/sprache/en", {"next": "/"}),
        reader.post("/sprache/de", {"next": "/"}),
    ]
    for response in responses:
        for header in response.headers.getlist("Set-Cookie"):
            cookies.add(header.split("=", 1)[0])
    assert app.config["SESSION_COOKIE_NAME"] in cookies
    html = client.get("/datenschutz").get_data(as_text=True)
    for name in cookies:
        assert re.search(rf"[„\"“ ]{re.escape(name)}[“\" ]", html), name
    assert "HttpOnly" in html


# --- 404 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/gibt-es-nicht", "/raetsel/gibt-es-nicht", "/artikel/gibt-es-nicht"]
)
def test_not_found_page_in_the_layout(app, client, path):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<html" in html and "<footer" in html and 'class="site-header"' in html
    assert "Seite nicht gefunden" in html
    assert Tags(html).find("a", href="/")


@pytest.mark.parametrize(
    "path", ["/gibt-es-nicht", "/raetsel/gibt-es-nicht", "/artikel/gibt-es-nicht"]
)
def test_not_found_partial_under_htmx(app, client, path):
    response = client.get(path, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<html" not in html and "<footer" not in html and "<body" not in html
    assert "Seite nicht gefunden" in html
    assert 'data-verdict="error"' in html
    assert "HX-Request" in response.headers.get("Vary", "")


def test_hidden_riddles_are_not_found(app, client):
    draft = make_riddle(slug="entwurf", publish_at=None, closes_at=None)
    scheduled = make_riddle(slug="geplant", publish_at=NOW + timedelta(seconds=1))
    for slug in (draft.slug, scheduled.slug):
        for path in (f"/raetsel/{slug}", f"/raetsel/{slug}/loesung"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert "Seite nicht gefunden" in response.get_data(as_text=True)
