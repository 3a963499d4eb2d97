"""A player's article and riddle pages read kept content (caching.content): the article with
its riddle's slug and its quizzes, the rendered Markdown, the set of prize riddles. Each is
dropped on the very next request after an editor's change, and what readers may see is still
decided by the clock on every request (publish and close moments need no invalidation)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from harzquiz.extensions import db
from harzquiz.models import Article, PrizeDraw, Quiz
from tests.desk_helpers import editor
from tests.factories import MONDAY, NOW, make_article, make_player, make_riddle
from tests.helpers import play_as, text_of
from tests.quiz_factories import make_quiz
from tests.web.test_desk_articles import article_data


@pytest.fixture
def app_config(app_config):
    # An hour: within these tests only the content stamp (or the clock) can change a page.
    return {**app_config, "PAGE_CACHE_SECONDS": 3600}


@pytest.fixture
def player(app):
    """A returning player's browser: their pages never come from the shared page cache."""
    client = app.test_client()
    play_as(client, make_player())
    return client


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.status_code
    return text_of(response)


# A statement that reads editors' content (the state query's join of `hint` is the player's).
CONTENT_READ = re.compile(
    r"\b(FROM|JOIN) (article|riddle|quiz|quiz_question|quiz_choice|prize_draw)\b", re.I
)


def content_reads(client, path: str) -> list[str]:
    """The statements of one page view that read editors' content."""
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        page(client, path)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return [statement for statement in seen if CONTENT_READ.search(statement)]


def test_a_players_warm_pages_read_no_content(app, player):
    riddle = make_riddle(slug="boje")
    article = make_article(riddle_id=riddle.id)
    make_quiz(article_id=article.id)
    for path in (f"/artikel/{article.slug}", "/raetsel/boje"):
        assert content_reads(player, path)  # the first view loads what it keeps
        assert content_reads(player, path) == []  # then only the player's own rows


def test_the_article_is_kept_while_the_stamp_stays(app, player):
    article = make_article(title="Alte Überschrift")
    assert "Alte Überschrift" in page(player, f"/artikel/{article.slug}")
    # Written past the app (no stamp): the player's page still shows the kept article.
    with db.engine.begin() as connection:
        connection.execute(sa.update(Article).where(Article.id == article.id).values(title="Roh"))
    assert "Alte Überschrift" in page(player, f"/artikel/{article.slug}")


def test_an_article_save_shows_on_the_very_next_request(app, client, player):
    article = make_article(slug="zehn-jahre-einharz", title="Alte Überschrift")
    path, article_id = f"/artikel/{article.slug}", article.id
    before = page(player, path)
    assert "Alte Überschrift" in before and "<strong>Harz</strong>" not in before
    desk = editor(client)
    assert desk.post(f"/redaktion/artikel/{article_id}", article_data()).status_code == 303
    after = page(player, path)
    assert "Zehn Jahre EinHarz" in after and "Alte Überschrift" not in after
    assert "Der <strong>Harz</strong> feiert." in after  # the new body, rendered


def test_unpublishing_hides_the_article_on_the_very_next_request(app, client, player):
    article = make_article(slug="zehn-jahre-einharz")
    path, article_id = f"/artikel/{article.slug}", article.id
    page(player, path)
    desk = editor(client)
    unpublished = article_data(published_at="")
    assert desk.post(f"/redaktion/artikel/{article_id}", unpublished).status_code == 303
    assert "Zehn Jahre EinHarz" not in page(player, path, status=404)


def test_an_article_appears_when_its_publish_moment_passes(app, player):
    article = make_article(title="Morgen erscheint es", published_at=NOW + timedelta(hours=1))
    path = f"/artikel/{article.slug}"
    assert "Morgen erscheint es" not in page(player, path, status=404)  # kept, not shown
    app.config["NOW"] = NOW + timedelta(hours=1, minutes=1)
    assert "Morgen erscheint es" in page(player, path)


def test_the_articles_riddle_is_shown_once_it_is_published(app, player):
    make_riddle(question="Aktuelle Frage?")  # the riddle of the week: shown meanwhile
    scheduled = make_riddle(
        question="Geplante Frage?",
        solution="Hexentanzplatz",
        alternatives=[],
        publish_at=NOW + timedelta(hours=1),
        closes_at=NOW + timedelta(days=7),
    )
    article = make_article(riddle_id=scheduled.id)
    path = f"/artikel/{article.slug}"
    before = page(player, path)
    assert "Aktuelle Frage?" in before
    assert "Geplante Frage?" not in before and "Hexentanzplatz" not in before
    app.config["NOW"] = NOW + timedelta(hours=2)
    after = page(player, path)
    assert "Geplante Frage?" in after and "Hexentanzplatz" not in after


def test_the_articles_riddle_shows_its_solution_once_it_closes(app, client, player):
    riddle = make_riddle(closes_at=NOW + timedelta(hours=1))
    article = make_article(riddle_id=riddle.id)
    path = f"/artikel/{article.slug}"
    assert "Die Lösung: Kugelgrill" not in page(player, path)
    app.config["NOW"] = NOW + timedelta(hours=2)  # its close moment passed
    assert "Die Lösung: Kugelgrill" in page(player, path)


def test_closing_the_articles_riddle_early_shows_on_the_very_next_request(app, client, player):
    riddle = make_riddle()
    article = make_article(riddle_id=riddle.id)
    path, riddle_id = f"/artikel/{article.slug}", riddle.id
    assert "Die Lösung: Kugelgrill" not in page(player, path)
    desk = editor(client)
    assert desk.post(f"/redaktion/raetsel/{riddle_id}/beenden").status_code == 303
    assert "Die Lösung: Kugelgrill" in page(player, path)


def test_the_articles_quiz_follows_the_clock_and_the_quiz_desk(app, player):
    article = make_article()
    path = f"/artikel/{article.slug}"
    make_quiz(
        article_id=article.id,
        title="Das alte Quiz",
        publish_at=MONDAY - timedelta(days=7),
        closes_at=MONDAY,
    )
    newer = make_quiz(
        article_id=article.id,
        title="Das neue Quiz",
        publish_at=NOW + timedelta(hours=1),
        closes_at=NOW + timedelta(days=7),
    )
    before = page(player, path)
    assert "Das alte Quiz" in before and "Das neue Quiz" not in before
    app.config["NOW"] = NOW + timedelta(hours=2)  # published: the live one comes first
    after = page(player, path)
    assert "Das neue Quiz" in after and "Das alte Quiz" not in after
    db.session.get(Quiz, newer.id).title = "Das umbenannte Quiz"  # an ORM write, as the desk's
    db.session.commit()
    assert "Das umbenannte Quiz" in page(player, path)


def test_a_quiz_added_to_an_article_shows_on_the_very_next_request(app, player):
    article = make_article()
    path = f"/artikel/{article.slug}"
    assert "Das neue Quiz" not in page(player, path)
    make_quiz(article_id=article.id, title="Das neue Quiz")
    assert "Das neue Quiz" in page(player, path)


def test_a_prize_set_up_shows_on_the_very_next_riddle_page(app, client, player):
    riddle = make_riddle(slug="boje")
    riddle_id = riddle.id
    assert "Preisrätsel" not in page(player, "/raetsel/boje")
    # Written past the app (no stamp): the kept set of prize riddles does not know it yet.
    with db.engine.begin() as connection:
        connection.execute(
            sa.insert(PrizeDraw).values(
                riddle_id=riddle_id,
                prize="Roh",
                winner_count=1,
                entries_close_at=NOW + timedelta(days=5),
                conditions="Roh.",
                seed="0" * 64,
                commitment="1" * 64,
                created_at=NOW,
            )
        )
    assert "Preisrätsel" not in page(player, "/raetsel/boje")
    desk = editor(client)
    response = desk.post(
        f"/redaktion/raetsel/{riddle_id}/preisraetsel",
        {
            "prize": "Ein Kugelgrill",
            "winner_count": "1",
            "entries_close_at": "2026-11-30T06:00",
            "conditions": "Teilnahme ab 18 Jahren.",
        },
    )
    assert response.status_code == 303, text_of(response)
    assert "Preisrätsel: Ein Kugelgrill" in page(player, "/raetsel/boje")
