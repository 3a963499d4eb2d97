"""The archive lists closed quizzes beside closed riddles, and searches titles (a GET form,
no JavaScript), page by page, never showing anything still live."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import MONDAY, make_closed_riddle, make_riddle
from tests.helpers import text_of
from tests.quiz_factories import make_quiz

ITEM = 'class="archive__item"'


def closed_quiz(**overrides):
    overrides.setdefault("publish_at", MONDAY - timedelta(days=7))
    overrides.setdefault("closes_at", MONDAY - timedelta(days=1))
    return make_quiz(**overrides)


def test_closed_quizzes_are_listed_with_closed_riddles_newest_first(app, client):
    make_closed_riddle(slug="brocken", title="Tanz auf dem Gipfel", closes_at=MONDAY)
    closed_quiz(slug="harz-quiz", title="Harz-Wissen")
    make_quiz(slug="live-quiz", title="Noch offen")  # closes next Monday
    make_riddle(slug="kugel", title="Bojen-Rätsel")  # live
    page = text_of(client.get("/archiv"))
    assert page.count(ITEM) == 2
    assert page.index("Tanz auf dem Gipfel") < page.index("Harz-Wissen")  # by close, newest first
    assert 'href="/quiz/harz-quiz"' in page
    assert "Zum Üben, ohne Punkte" in page
    assert "Noch offen" not in page and "Bojen-Rätsel" not in page
    assert "Kugelgrill" not in page  # the live riddle's solution


def test_the_search_form_works_without_javascript(app, client):
    page = text_of(client.get("/archiv"))
    assert '<form class="archive-search" method="get" action="/archiv" role="search">' in page
    assert '<label for="archive-search">Titel suchen</label>' in page
    assert 'id="archive-search" name="suche"' in page
    assert "data-hx" not in page.split('class="archive-search"')[1].split("</form>")[0]


def test_search_finds_titles_case_insensitively(app, client):
    make_closed_riddle(slug="brocken", title="Tanz auf dem Gipfel")
    make_closed_riddle(slug="erz", title="Tausend Jahre unter Tage", closes_at=MONDAY)
    closed_quiz(slug="gipfel-quiz", title="Gipfel-Quiz")
    make_riddle(slug="kugel", title="Gipfel der Bojen")  # live: never found
    page = text_of(client.get("/archiv?suche=gipfel"))
    assert page.count(ITEM) == 2
    assert "Tanz auf dem Gipfel" in page and "Gipfel-Quiz" in page
    assert "Tausend Jahre" not in page and "Gipfel der Bojen" not in page
    assert "Kugelgrill" not in page
    assert 'value="gipfel"' in page
    assert "Treffer für „gipfel“: 2" in page


def test_a_search_without_hits_says_so(app, client):
    make_closed_riddle(slug="brocken", title="Tanz auf dem Gipfel")
    page = text_of(client.get("/archiv?suche=100%25"))  # % is matched as typed
    assert ITEM not in page
    assert "Nichts gefunden." in page
    assert text_of(client.get("/archiv?suche=_")).count(ITEM) == 0


def test_search_results_are_paginated_and_keep_the_search(app, client):
    for n in range(27):
        make_closed_riddle(
            slug=f"gipfel-{n}", title=f"Gipfel {n}", closes_at=MONDAY - timedelta(hours=n)
        )
    make_closed_riddle(slug="tal", title="Im Tal")
    first = text_of(client.get("/archiv?suche=Gipfel"))
    assert first.count(ITEM) == 25
    assert 'href="/archiv?suche=Gipfel&amp;seite=2"' in first
    second = text_of(client.get("/archiv?suche=Gipfel&seite=2"))
    assert second.count(ITEM) == 2
    assert "Im Tal" not in first + second
    assert client.get("/archiv?suche=Gipfel&seite=3").status_code == 404


@pytest.mark.parametrize("search", ["x" * 101, "a\x00b", "a\nb"])
def test_a_bad_search_is_refused(app, client, search):
    assert client.get("/archiv", query_string={"suche": search}).status_code == 400
