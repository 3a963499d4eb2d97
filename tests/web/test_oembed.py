"""oEmbed: a rich iframe for our riddle URLs, 404 for others, 501 for formats but JSON."""

from __future__ import annotations

import re

import pytest

from tests.factories import make_riddle
from tests.helpers import csp_directives, text_of
from tests.quiz_factories import make_quiz


@pytest.fixture
def riddle(app):
    return make_riddle(slug="kugel", title="Die Boje")


def test_oembed_answers_with_a_rich_iframe(client, riddle):
    response = client.get("/oembed?url=http://localhost/raetsel/kugel&format=json")
    assert response.status_code == 200
    data = response.get_json()
    assert data["version"] == "1.0" and data["type"] == "rich"
    assert data["title"] == "Die Boje" and data["provider_name"] == "HarzQuiz"
    assert (data["width"], data["height"]) == (600, 420)
    src = "http://localhost/embed/offen/raetsel/kugel"
    assert f'src="{src}"' in data["html"]
    assert 'loading="lazy"' in data["html"] and 'title="Die Boje"' in data["html"]
    assert "Kugelgrill" not in response.get_data(as_text=True)


def test_oembed_respects_maxwidth_and_maxheight(client, riddle):
    data = client.get("/oembed?url=http://localhost/raetsel/kugel&maxwidth=320&maxheight=300")
    data = data.get_json()
    assert (data["width"], data["height"]) == (320, 300)
    assert 'width="320" height="300"' in data["html"]
    larger = client.get("/oembed?url=http://localhost/&maxwidth=5000&maxheight=abc").get_json()
    assert (larger["width"], larger["height"]) == (600, 420)  # never more than asked, or ours
    assert 'src="http://localhost/embed/offen/"' in larger["html"]  # home: the live riddle


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/raetsel/kugel",
        "http://localhost/raetsel/gibt-es-nicht",
        "http://localhost/archiv",
        "",
        "javascript:alert(1)",
    ],
)
def test_oembed_404_for_urls_that_are_not_our_riddles(client, riddle, url):
    assert client.get("/oembed", query_string={"url": url}).status_code == 404


def test_oembed_501_for_formats_other_than_json(client, riddle):
    response = client.get("/oembed?url=http://localhost/raetsel/kugel&format=xml")
    assert response.status_code == 501


def test_riddle_pages_carry_the_discovery_link(client, riddle):
    page = text_of(client.get("/raetsel/kugel"))
    link = re.search(r'<link rel="alternate" type="application/json\+oembed"[^>]*>', page)
    assert link and "http://localhost/oembed?url=http" in link.group(0)
    href = re.search(r'href="([^"]+)"', link.group(0)).group(1).replace("&amp;", "&")
    assert client.get(href).get_json()["type"] == "rich"


def test_the_public_widget_is_read_only_framable_anywhere_and_cookieless(client, riddle):
    response = client.get("/embed/offen/raetsel/kugel")
    body = text_of(response)
    assert response.status_code == 200
    assert csp_directives(response)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response.headers
    assert "Set-Cookie" not in response.headers
    assert "<form" not in body and "htmx-2" not in body and "hx-" not in body
    assert riddle.question in body
    assert 'href="http://localhost/raetsel/kugel" target="_blank" rel="noopener"' in body
    assert client.get("/embed/offen/raetsel/gibt-es-nicht").status_code == 404


# --- quizzes -------------------------------------------------------------------------------


def test_oembed_for_a_quiz_url_is_the_read_only_quiz_widget(client):
    quiz = make_quiz(slug="harz-quiz", title="Harz-Quiz")
    make_quiz(slug="entwurf-quiz", publish_at=None, closes_at=None)
    data = client.get("/oembed?url=http://localhost/quiz/harz-quiz&maxwidth=320").get_json()
    assert data["type"] == "rich" and data["title"] == "Harz-Quiz" and data["width"] == 320
    assert 'src="http://localhost/embed/offen/quiz/harz-quiz"' in data["html"]
    for url in ("http://localhost/quiz/entwurf-quiz", "http://localhost/quiz/gibt-es-nicht"):
        assert client.get("/oembed", query_string={"url": url}).status_code == 404
    page = text_of(client.get("/quiz/harz-quiz"))
    link = re.search(r'<link rel="alternate" type="application/json\+oembed"[^>]*>', page)
    assert link and 'title="Harz-Quiz"' in link.group(0)
    href = re.search(r'href="([^"]+)"', link.group(0)).group(1).replace("&amp;", "&")
    assert client.get(href).get_json()["title"] == "Harz-Quiz"
    widget = client.get("/embed/offen/quiz/harz-quiz")
    body = text_of(widget)
    assert widget.status_code == 200 and csp_directives(widget)["frame-ancestors"] == ["*"]
    assert "Set-Cookie" not in widget.headers
    assert "<form" not in body and "hx-" not in body and quiz.intro in body
    assert 'href="http://localhost/quiz/harz-quiz" target="_blank" rel="noopener"' in body
    for question in quiz.questions:  # nothing of the questions, let alone their answers
        assert question.prompt not in body and question.explanation not in body
    assert client.get("/embed/offen/quiz/entwurf-quiz").status_code == 404
