"""Long lists come in pages (?seite=N): the archive, the audit log and every desk list.

Before, the archive stopped silently at 100 riddles and the audit log at 200 entries.
Anything that is not a page of the list answers 404, never 500.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from harzquiz.desk.audit import AUDIT_PAGE_SIZE
from harzquiz.extensions import db
from harzquiz.models import Article, AuditEntry, Partner, Quiz, Riddle
from harzquiz.riddles.routes import ARCHIVE_PAGE_SIZE
from harzquiz.services.partners import new_embed_key
from harzquiz.web.pagination import DESK_PAGE_SIZE
from tests.clients import Reader
from tests.desk_helpers import editor
from tests.factories import MONDAY, NOW, make_article, make_closed_riddle
from tests.helpers import text_of


def _closed_riddles(n: int) -> None:
    """n closed riddles, "Alt 1" the newest, "Alt n" the oldest (one commit)."""
    db.session.add_all(
        Riddle(
            slug=f"alt-{i}",
            title=f"Alt {i}",
            question="Was?",
            solution=f"Lösung {i}",
            points=100,
            publish_at=MONDAY - timedelta(days=30),
            closes_at=MONDAY - timedelta(hours=i),
        )
        for i in range(1, n + 1)
    )
    db.session.commit()


def _titles(html: str, prefix: str) -> set[str]:
    return set(re.findall(rf"[>\s]({prefix} \d+)<", html))


def _nav(html: str) -> str:
    match = re.search(r'<nav class="pagination" aria-label="[^"]+">.*?</nav>', html, re.S)
    assert match, "no page navigation"
    return match.group(0)


def test_the_archive_shows_riddle_101_and_beyond_on_a_later_page(app, client):
    _closed_riddles(101)
    first = client.get("/archiv")
    assert first.status_code == 200
    assert _titles(text_of(first), "Alt") == {f"Alt {i}" for i in range(1, ARCHIVE_PAGE_SIZE + 1)}
    last_page = -(-101 // ARCHIVE_PAGE_SIZE)
    last = client.get(f"/archiv?seite={last_page}")
    assert last.status_code == 200
    assert "Alt 101" in _titles(text_of(last), "Alt")
    assert "Lösung 101" in text_of(last)
    # every riddle is on exactly one page
    seen = []
    for page in range(1, last_page + 1):
        seen += sorted(_titles(text_of(client.get(f"/archiv?seite={page}")), "Alt"))
    assert sorted(seen) == sorted(f"Alt {i}" for i in range(1, 102))


def test_the_navigation_is_accessible_and_marks_the_current_page(app, client):
    _closed_riddles(ARCHIVE_PAGE_SIZE * 2 + 1)
    nav = _nav(text_of(client.get("/archiv?seite=2")))
    assert 'aria-label="Seitennavigation"' in nav
    assert re.search(r'<a href="/archiv\?seite=2" aria-current="page">', nav)
    assert nav.count('aria-current="page"') == 1
    assert 'href="/archiv"' in nav  # page 1 has one URL: without ?seite
    assert 'href="/archiv?seite=3"' in nav
    assert 'rel="prev"' in nav and 'rel="next"' in nav
    assert "Seite 2 von 3" in nav
    reader = Reader(client)
    reader.open("/archiv?seite=2")
    assert reader.post("/sprache/en", {"next": "/archiv?seite=2"}).status_code == 303
    english = _nav(text_of(client.get("/archiv?seite=2")))
    assert 'aria-label="Pages"' in english
    assert "Page 2 of 3" in english and "Previous page" in english and "Next page" in english


def test_a_list_that_fits_one_page_has_no_navigation(app, client):
    make_closed_riddle()
    assert '<nav class="pagination"' not in text_of(client.get("/archiv"))


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "1e3", "", "99999999999999", "２", "5"])
def test_bad_page_numbers_are_404_not_500(app, client, page):
    make_closed_riddle()  # one page only: page 5 is past the end
    assert client.get(f"/archiv?seite={page}").status_code == 404


def test_an_empty_list_has_its_first_page(app, client):
    assert client.get("/archiv?seite=1").status_code == 200
    assert client.get("/archiv?seite=2").status_code == 404


def test_the_audit_log_goes_beyond_200_entries(app, client):
    desk = editor(client, role="admin")
    db.session.add_all(
        AuditEntry(
            created_at=NOW - timedelta(minutes=i),
            actor_name="Redaktion",
            action="changed",
            target_type="riddle",
            target_id=i,
            target_label=f"Eintrag {i}",
        )
        for i in range(1, 206)
    )
    db.session.commit()
    first = text_of(desk.client.get("/redaktion/protokoll"))
    assert _titles(first, "Eintrag") == {f"Eintrag {i}" for i in range(1, AUDIT_PAGE_SIZE + 1)}
    last_page = -(-205 // AUDIT_PAGE_SIZE)
    last = desk.client.get(f"/redaktion/protokoll?seite={last_page}")
    assert last.status_code == 200
    assert "Eintrag 205" in _titles(text_of(last), "Eintrag")
    assert desk.client.get(f"/redaktion/protokoll?seite={last_page + 1}").status_code == 404
    assert desk.client.get("/redaktion/protokoll?seite=x").status_code == 404


def test_the_desk_lists_paginate(app, client):
    desk = editor(client)
    n = DESK_PAGE_SIZE + 1  # plus the quizzes' article, the oldest
    db.session.add_all(
        Article(
            slug=f"a-{i}",
            kicker="K",
            title=f"Artikel {i}",
            teaser="T",
            body_markdown="B",
            author_name="A",
            published_at=MONDAY - timedelta(hours=i),
        )
        for i in range(1, n + 1)
    )
    db.session.add_all(
        Riddle(
            slug=f"r-{i}",
            title=f"Frage {i}",
            question="Was?",
            solution="X",
            points=10,
            publish_at=MONDAY - timedelta(hours=i),
            closes_at=MONDAY,
        )
        for i in range(1, n + 1)
    )
    article = make_article(title="Zum Quiz", published_at=MONDAY - timedelta(days=999))
    db.session.add_all(
        Quiz(
            slug=f"q-{i}",
            title=f"Quiz {i}",
            article_id=article.id,
            created_at=NOW - timedelta(hours=i),
        )
        for i in range(1, n + 1)
    )
    db.session.add_all(
        Partner(
            name=f"Partner {i:03d}",
            enabled=True,
            origins=[],
            accent="#aa3300",
            scheme="light",
            embed_key=new_embed_key(),
        )
        for i in range(1, n + 1)
    )
    db.session.commit()
    for path, prefix, oldest in [
        ("/redaktion/artikel", "Artikel", f"Artikel {n}"),
        ("/redaktion/", "Frage", f"Frage {n}"),
        ("/redaktion/quizze", "Quiz", f"Quiz {n}"),
        ("/redaktion/partner/", "Partner", f"Partner {n:03d}"),
    ]:
        first = desk.client.get(path)
        assert first.status_code == 200, path
        assert len(_titles(text_of(first), prefix)) == DESK_PAGE_SIZE, path
        assert oldest not in _titles(text_of(first), prefix), path
        _nav(text_of(first))
        second = desk.client.get(f"{path}?seite=2")
        assert second.status_code == 200, path
        assert _titles(text_of(second), prefix) == {oldest}, path
        assert re.search(
            r'aria-current="page"><span class="visually-hidden">Seite </span>2<', text_of(second)
        ), path
        for bad in ("3", "0", "-2", "zwei"):
            assert desk.client.get(f"{path}?seite={bad}").status_code == 404, (path, bad)


def test_a_page_of_the_desk_riddle_list_is_still_one_query(app, client):
    for _ in range(DESK_PAGE_SIZE + 2):
        make_closed_riddle()
    desk = editor(client)
    statements = []
    from sqlalchemy import event

    def count(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert desk.client.get("/redaktion/?seite=2").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len([s for s in statements if "FROM riddle" in s]) == 1
