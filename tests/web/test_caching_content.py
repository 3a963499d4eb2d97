"""Shared pages follow the content stamp: an editor's change shows on the very next request."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Riddle
from tests.desk_helpers import editor, riddle_data
from tests.factories import make_article, make_riddle
from tests.helpers import text_of
from tests.web.test_desk_articles import article_data


@pytest.fixture
def app_config(app_config):
    # An hour: only the stamp can drop a shared page within these tests.
    return {**app_config, "PAGE_CACHE_SECONDS": 3600}


def anonymous_page(app, path: str) -> str:
    return text_of(app.test_client().get(path))


def test_the_shared_page_is_kept_while_the_stamp_stays(app):
    riddle = make_riddle(title="Alter Titel")
    riddle_id = riddle.id
    assert "Alter Titel" in anonymous_page(app, f"/raetsel/{riddle.slug}")
    # Written past the app (no stamp): the shared page stays as it was, proof it is cached.
    with db.engine.begin() as connection:
        connection.execute(sa.update(Riddle).where(Riddle.id == riddle_id).values(title="Roh"))
    assert "Alter Titel" in anonymous_page(app, f"/raetsel/{riddle.slug}")


def test_a_riddle_save_shows_on_the_very_next_request(app, client):
    riddle = make_riddle(slug="aus-der-boje", title="Alter Titel")
    riddle_id = riddle.id
    assert "Alter Titel" in anonymous_page(app, "/raetsel/aus-der-boje")
    desk = editor(client)
    data = riddle_data(version="1", title="Neuer Titel")
    assert desk.post(f"/redaktion/raetsel/{riddle_id}", data).status_code == 303
    page = anonymous_page(app, "/raetsel/aus-der-boje")
    assert "Neuer Titel" in page and "Alter Titel" not in page


def test_closing_early_shows_the_solution_on_the_very_next_request(app, client):
    riddle = make_riddle()
    slug, riddle_id = riddle.slug, riddle.id
    assert "Die Lösung: Kugelgrill" not in anonymous_page(app, f"/raetsel/{slug}")
    desk = editor(client)
    assert desk.post(f"/redaktion/raetsel/{riddle_id}/beenden").status_code == 303
    assert "Die Lösung: Kugelgrill" in anonymous_page(app, f"/raetsel/{slug}")


def test_an_article_save_shows_on_the_very_next_request(app, client):
    article = make_article(title="Alte Überschrift")
    path, article_id, slug = f"/artikel/{article.slug}", article.id, article.slug
    assert "Alte Überschrift" in anonymous_page(app, path)
    desk = editor(client)
    data = article_data(slug=slug, title="Neue Überschrift")
    assert desk.post(f"/redaktion/artikel/{article_id}", data).status_code == 303
    page = anonymous_page(app, path)
    assert "Neue Überschrift" in page and "Alte Überschrift" not in page


def test_an_import_shows_on_the_very_next_request(app, runner, tmp_path):
    make_riddle(slug="boje", title="Alt")
    assert "Alt" in anonymous_page(app, "/raetsel/boje")
    content = {
        "format": "harzquiz-content/1",
        "riddles": [{"slug": "boje", "title": "Importiert", "question": "Was?",
                     "solution": "Grill", "explanation": "", "alternatives": [],
                     "near_misses": [], "hints": [], "points": 50,
                     "publish_at": "2026-11-23T05:00:00+00:00",
                     "closes_at": "2026-11-30T05:00:00+00:00"}],
        "articles": [],
    }  # fmt: skip
    source = tmp_path / "import.json"
    source.write_text(json.dumps(content))
    result = runner.invoke(args=["import-content", str(source)])
    assert result.exit_code == 0, result.output
    assert "Importiert" in anonymous_page(app, "/raetsel/boje")
