"""A quiz inside a partner embed: the quiz views under /embed/<key>/quiz/<slug>."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import EmbedDay, QuizAnswer
from tests.clients import Reader, csrf_token_from
from tests.database import base_config
from tests.factories import make_partner
from tests.helpers import HTMX, csp_directives, text_of
from tests.quiz_factories import make_quiz, right_values, wrong_values
from tests.quiz_helpers import hidden
from tests.web.test_embeds import ORIGIN, counts, embed, form_action
from tests.web.test_quiz_no_leak import SECRETS, assert_no_secret

SLUG = "leak-quiz"


@pytest.fixture
def app_config() -> dict:
    """Two answers a minute per player, so the embed's rate limit is reachable."""
    return {**base_config(), "QUIZ_ANSWER_LIMIT_PER_PLAYER": "2/minute"}


@pytest.fixture
def quiz(app):
    return make_quiz(slug=SLUG)


@pytest.fixture
def partner(app):
    return make_partner(origins=[ORIGIN], embed_key="q" * 32)


def link(body: str, marker: str) -> str:
    """The (unescaped) href of the first link to a URL containing `marker`."""
    match = re.search(rf'href="([^"]*{re.escape(marker)}[^"]*)"', body)
    assert match, f"no link to {marker}"
    return html.unescape(match.group(1))


def answers() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(QuizAnswer))


def first_question(quiz):
    db.session.rollback()
    return quiz.questions[0]


def test_the_quiz_embed_is_framed_by_the_partner_only(client, quiz, partner):
    response = client.get(embed(partner, f"quiz/{SLUG}"))
    assert response.status_code == 200
    assert csp_directives(response)["frame-ancestors"] == [ORIGIN]
    assert "X-Frame-Options" not in response.headers
    page = text_of(response)
    assert 'class="embed' in page and "quiz.css" in page  # the embed layout, the quiz's style
    assert form_action(page, "/antworten").startswith(embed(partner, f"quiz/{SLUG}/antworten"))
    # the article opens on the full site in a new tab
    assert f'/artikel/{quiz.article.slug}" lang="de" target="_blank" rel="noopener"' in page


def test_without_cookies_the_token_carries_the_quiz_and_counts(app, quiz, partner):
    client = app.test_client(use_cookies=False)
    page = text_of(client.get(embed(partner, f"quiz/{SLUG}")))
    action = form_action(page, "/antworten")
    assert "t=" in action
    question = first_question(quiz)
    data = {
        "frage": hidden(page, "frage"),
        "versuch": hidden(page, "versuch"),
        "antwort": wrong_values(question),
        "csrf_token": csrf_token_from(page),
    }
    posted = client.post(action, data=data)
    assert posted.status_code == 303
    location = urlsplit(posted.headers["Location"])
    assert location.path == embed(partner, f"quiz/{SLUG}/antwort/{question.id}")
    assert parse_qs(location.query)["t"]  # post/redirect/get stays inside, token and all
    feedback = text_of(client.get(f"{location.path}?{location.query}"))
    assert SECRETS[0][0] in feedback  # the answered question's explanation, now
    assert_no_secret({"feedback": feedback}, [s for n in (1, 2, 3, 4) for s in SECRETS[n]])
    nxt = text_of(client.get(link(feedback, f"quiz/{SLUG}?")))
    second = quiz.questions[1]
    right = client.post(
        form_action(nxt, "/antworten"),
        data={
            "frage": str(second.id),
            "versuch": hidden(nxt, "versuch"),
            "antwort": right_values(second),
            "csrf_token": csrf_token_from(nxt),
        },
        headers=HTMX,
    )
    assert right.status_code == 200 and SECRETS[1][0] in text_of(right)
    assert answers() == 2  # one guest played both: the second answer was accepted in order
    assert counts(partner) == {"views": 2, "guesses": 2, "solves": 0, "reveals": 0}


def test_the_share_text_links_the_site_not_the_embed(app, client, quiz, partner):
    app.config["QUIZ_ANSWER_LIMIT_PER_PLAYER"] = "100/minute"
    url = embed(partner, f"quiz/{SLUG}")
    for question in first_question(quiz).quiz.questions:
        page = text_of(client.get(url))
        posted = client.post(
            form_action(page, "/antworten"),
            data={
                "frage": str(question.id),
                "versuch": hidden(page, "versuch"),
                "antwort": right_values(question),
                "csrf_token": csrf_token_from(page),
            },
        )
        assert posted.status_code == 303
    result = text_of(client.get(url))
    assert "Dein Ergebnis" in result
    assert f"http://localhost/quiz/{SLUG}</textarea>" in result  # not the embed's URL


def test_csrf_holds_inside_the_quiz_embed(client, quiz, partner):
    site = Reader(client)
    site.open("/")  # the site session's token is not the embed's
    page = text_of(client.get(embed(partner, f"quiz/{SLUG}")))
    for token in (None, site.token):
        data = {
            "frage": hidden(page, "frage"),
            "versuch": hidden(page, "versuch"),
            "antwort": right_values(first_question(quiz)),
        }
        if token:
            data["csrf_token"] = token
        response = client.post(embed(partner, f"quiz/{SLUG}/antworten"), data=data)
        assert response.status_code == 400
        assert 'class="embed' in text_of(response)
    assert answers() == 0 and counts(partner)["guesses"] == 0


def test_rate_limits_apply_inside_the_quiz_embed(client, quiz, partner):
    reader = Reader(client)
    page = text_of(reader.open(embed(partner, f"quiz/{SLUG}")))
    data = {
        "frage": hidden(page, "frage"),
        "versuch": hidden(page, "versuch"),
        "antwort": ["999"],
    }  # refused (foreign choice) but it counts against the limit
    path = embed(partner, f"quiz/{SLUG}/antworten")
    statuses = [reader.post(path, data, htmx=True).status_code for _ in range(3)]
    assert statuses == [422, 422, 429]
    assert answers() == 0 and counts(partner)["guesses"] == 0


@pytest.mark.parametrize(
    ("enabled", "key", "status"), [(True, "unbekannt", 404), (False, None, 403)]
)
def test_unknown_or_disabled_partners_get_no_quiz(client, quiz, enabled, key, status):
    partner = make_partner(enabled=enabled)
    base = f"/embed/{key or partner.embed_key}/quiz/{SLUG}"
    for response in (client.get(base), client.post(f"{base}/antworten", data={"frage": "1"})):
        assert response.status_code == status
        assert csp_directives(response)["frame-ancestors"] == ["'none'"]
    assert answers() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmbedDay)) == 0


def test_nothing_of_an_unanswered_question_leaks_in_the_embed(client, quiz, partner):
    base = embed(partner, f"quiz/{SLUG}")
    seen = {}
    for path in (base, f"{base}?neu=1", *(f"{base}/antwort/{q.id}" for q in quiz.questions)):
        for label, headers in (("page", {}), ("htmx", HTMX)):
            seen[f"{path} {label}"] = text_of(client.get(path, headers=headers))
    assert_no_secret(seen, [secret for secrets in SECRETS.values() for secret in secrets])
