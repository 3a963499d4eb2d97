"""The article form, sanitised Markdown bodies, and the admins' audit log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Article, AuditEntry
from harzquiz.web.markdown import render_markdown
from tests.desk_helpers import editor, riddle_data
from tests.factories import make_article, make_riddle
from tests.helpers import is_partial, text_of


def article_data(**overrides) -> dict:
    data = {
        "title": "Zehn Jahre EinHarz",
        "slug": "zehn-jahre-einharz",
        "kicker": "Goslar · Harz",
        "teaser": "Ein Rückblick.",
        "body_markdown": "## Rückblick\n\nDer **Harz** feiert.",
        "author_name": "Konrad Schneider",
        "author_bio": "Freier Redakteur.",
        "sources_count": "19",
        "social_comments_count": "125",
        "forum_posts_count": "47",
        "riddle_id": "0",
        "published_at": "2026-11-23T08:00",
        "version": "1",  # the stored article's (a new one ignores it)
    }
    data.update(overrides)
    return data


def stored_articles() -> list[Article]:
    db.session.rollback()
    return db.session.scalars(sa.select(Article).order_by(Article.id)).all()


def test_create_an_article_carrying_a_riddle(app, client):
    riddle = make_riddle()
    desk = editor(client)
    response = desk.post("/redaktion/artikel/neu", article_data(riddle_id=str(riddle.id)))
    assert response.status_code == 303
    (article,) = stored_articles()
    assert (article.riddle_id, article.sources_count, article.forum_posts_count) == (
        riddle.id,
        19,
        47,
    )
    assert article.published_at == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
    page = text_of(app.test_client().get("/artikel/zehn-jahre-einharz"))
    assert "<strong>Harz</strong>" in page and "Konrad Schneider" in page
    assert f'id="riddle-{riddle.slug}"' in page


def test_edit_an_article(app, client):
    article = make_article()
    desk = editor(client)
    form = text_of(desk.client.get(f"/redaktion/artikel/{article.id}"))
    assert f'value="{article.title}"' in form
    data = article_data(slug=article.slug, title="Neuer Titel")
    assert desk.post(f"/redaktion/artikel/{article.id}", data).status_code == 303
    assert stored_articles()[0].title == "Neuer Titel"
    assert desk.client.get("/redaktion/artikel/999").status_code == 404


BAD_ARTICLES = [
    ({"title": ""}, "Bitte fülle „Titel“ aus."),
    ({"title": "x" * 201}, "Höchstens 200 Zeichen."),
    ({"slug": "Ä"}, "Nur Kleinbuchstaben"),
    ({"kicker": "x" * 81}, "Höchstens 80 Zeichen."),
    ({"body_markdown": ""}, "Bitte fülle „Text“ aus."),
    ({"body_markdown": "x" * 50001}, "Höchstens 50000 Zeichen."),
    ({"author_bio": "x" * 1001}, "Höchstens 1000 Zeichen."),
    ({"sources_count": "-1"}, "Zwischen 0 und 10000000."),
    ({"forum_posts_count": "viele"}, "Bitte gib eine ganze Zahl an."),
    ({"riddle_id": "999"}, "Bitte wähle einen Eintrag aus der Liste."),
    ({"published_at": "gestern"}, "Bitte gib Datum und Uhrzeit an"),
]


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("override,message", BAD_ARTICLES)
def test_bad_article_input_is_refused_and_stores_nothing(app, client, override, message, htmx):
    desk = editor(client)
    response = desk.post("/redaktion/artikel/neu", article_data(**override), htmx=htmx)
    body = text_of(response)
    assert response.status_code == 422
    assert message in body and 'aria-invalid="true"' in body
    assert is_partial(body) is htmx
    assert stored_articles() == []


def test_duplicate_article_slug_is_refused(app, client):
    make_article(slug="zehn-jahre-einharz")
    desk = editor(client)
    response = desk.post("/redaktion/artikel/neu", article_data())
    assert response.status_code == 422
    assert "Diesen Kurznamen hat schon ein anderer Artikel." in text_of(response)
    assert len(stored_articles()) == 1


@pytest.mark.parametrize(
    "markdown,forbidden",
    [
        ("Hallo <script>alert(1)</script> Welt", ["<script", "alert(1)"]),
        ('<iframe src="https://evil.example/"></iframe> Text', ["<iframe", "evil.example"]),
        (
            '<a href="https://example.org" onclick="steal()">x</a> <img src=x onerror="steal()">',
            ["onclick", "onerror", "steal()", "<img"],
        ),
        (
            '[Klick](javascript:alert(1)) und <a href="JaVaScRiPt:alert(2)">b</a>',
            ["javascript:", "alert("],
        ),
    ],
)
def test_markdown_is_sanitised(markdown, forbidden):
    html = str(render_markdown(markdown)).lower()
    for fragment in forbidden:
        assert fragment.lower() not in html


def test_sanitising_keeps_ordinary_formatting():
    html = str(render_markdown("## Titel\n\n**fett** [Link](https://example.org)"))
    assert "<h2>Titel</h2>" in html and "<strong>fett</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">Link</a>' in html


def test_a_hostile_body_saved_through_the_form_is_harmless_on_the_page(app, client):
    desk = editor(client)
    body = '<script>alert("x")</script>\n\n<p onmouseover="x()">Text</p> [a](javascript:x())'
    assert desk.post("/redaktion/artikel/neu", article_data(body_markdown=body)).status_code == 303
    page = text_of(app.test_client().get("/artikel/zehn-jahre-einharz")).lower()
    article = page.split('class="article__body"')[1].split("</div>")[0]
    assert "<script" not in article and "onmouseover" not in article
    assert "javascript:" not in article and "text" in article


def test_audit_log_records_who_did_what(app, client):
    desk = editor(client, "admin")
    desk.post("/redaktion/raetsel/neu", riddle_data(publish_at="", closes_at=""))
    riddle_id = db.session.scalar(sa.select(sa.func.max(AuditEntry.target_id)))
    desk.post(f"/redaktion/raetsel/{riddle_id}", riddle_data(version="1", title="Geändert"))
    desk.post(f"/redaktion/raetsel/{riddle_id}/beenden")
    desk.post("/redaktion/artikel/neu", article_data())
    db.session.rollback()
    entries = db.session.execute(
        sa.select(AuditEntry.action, AuditEntry.target_type).order_by(AuditEntry.id)
    ).all()
    assert [tuple(entry) for entry in entries] == [
        ("created", "riddle"), ("changed", "riddle"), ("published", "riddle"),
        ("closed", "riddle"), ("created", "article"), ("published", "article"),
    ]  # fmt: skip
    page = text_of(desk.client.get("/redaktion/protokoll"))
    assert page.count("<tr data-action=") == 6
    # Readable field labels (issue 15), not the model's names.
    assert "Geändert" in page and "Titel, Veröffentlichung, Ende" in page
    assert "publish_at" not in page


def test_audit_log_is_for_admins_only(app, client):
    desk = editor(client, "editor")
    assert desk.client.get("/redaktion/protokoll").status_code == 403
    assert 'href="/redaktion/protokoll"' not in text_of(desk.client.get("/redaktion/"))


def test_article_list_shows_every_article_with_its_riddle(app, client):
    riddle = make_riddle(title="Das Grillrätsel")
    make_article(title="Mit Rätsel", riddle_id=riddle.id)
    make_article(title="Noch nicht erschienen", published_at=None)
    desk = editor(client)
    page = text_of(desk.client.get("/redaktion/artikel"))
    assert "Mit Rätsel" in page and "Das Grillrätsel" in page
    assert "Noch nicht erschienen" in page and "nicht veröffentlicht" in page


def test_an_article_preview_uses_the_readers_template_before_publishing(app, client):
    article = make_article(title="Noch geheim", published_at=None)
    assert app.test_client().get(f"/artikel/{article.slug}").status_code == 404
    desk = editor(client)
    page = desk.client.get(f"/redaktion/artikel/{article.id}/vorschau")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="article layout__main"' in html  # the readers' article template
    assert "Noch geheim" in html and "Noch nicht veröffentlicht." in html
    edit = desk.client.get(f"/redaktion/artikel/{article.id}").get_data(as_text=True)
    assert f'href="/redaktion/artikel/{article.id}/vorschau"' in edit


def test_a_stale_article_save_is_refused_and_keeps_the_newer_version(app, client):
    article = make_article()
    desk = editor(client)
    first = article_data(slug=article.slug, title="Erste Fassung")
    assert desk.post(f"/redaktion/artikel/{article.id}", first).status_code == 303
    second = article_data(slug=article.slug, title="Zweite Fassung")  # still version 1
    response = desk.post(f"/redaktion/artikel/{article.id}", second)
    assert response.status_code == 409
    assert "von jemand anderem gespeichert" in text_of(response)
    [stored] = stored_articles()
    assert (stored.title, stored.version) == ("Erste Fassung", 2)
