"""The "Antwort testen" box judges an answer against the form's current, unsaved values."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Riddle
from tests.desk_helpers import editor, riddle_data
from tests.factories import make_riddle
from tests.helpers import is_partial, text_of, verdict_of


def try_answer(desk, answer: str, htmx: bool = True, path: str = "/redaktion/raetsel/neu", **form):
    data = riddle_data(test_answer=answer, row_action="test-answer", **form)
    return desk.post(path, data, htmx=htmx)


@pytest.mark.parametrize(
    "answer,verdict,shown",
    [
        ("der Kugel-Grill", "correct", "erkannt als „Kugelgrill“"),
        ("weber grill", "correct", "erkannt als „Weber-Grill“"),
        ("Grill", "close", "Welcher Grill genau?"),
        ("Sonnenschirm", "wrong", "so würde die Antwort nicht erkannt"),
    ],
)
def test_htmx_shows_the_verdict_alone(app, client, answer, verdict, shown):
    desk = editor(client)
    response = try_answer(desk, answer)
    body = text_of(response)
    assert response.status_code == 200
    assert is_partial(body) and "<form" not in body  # only the live region's content
    assert verdict_of(body) == verdict
    assert shown in body


def test_unsaved_values_count_not_the_stored_ones(app, client):
    riddle = make_riddle(slug="aus-der-boje", solution="Kugelgrill")
    desk = editor(client)
    path = f"/redaktion/raetsel/{riddle.id}"
    changed = {"solution": "Gartengrill", "alternatives-0-text": "", "version": "1"}
    assert verdict_of(text_of(try_answer(desk, "Gartengrill", path=path, **changed))) == "correct"
    assert verdict_of(text_of(try_answer(desk, "Weber-Grill", path=path, **changed))) == "wrong"
    db.session.rollback()
    assert db.session.scalar(sa.select(Riddle.solution)) == "Kugelgrill"  # nothing saved


def test_works_without_javascript_as_a_whole_page(app, client):
    desk = editor(client)
    response = try_answer(desk, "Kugelgril", htmx=False)
    body = text_of(response)
    assert response.status_code == 200 and not is_partial(body)
    assert 'aria-live="polite"' in body
    assert verdict_of(body) == "correct"
    assert 'value="Kugelgril"' in body  # the typed answer stays for the next try
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Riddle)) == 0


def test_invalid_form_still_tests_and_too_long_is_refused(app, client):
    desk = editor(client)
    body = text_of(try_answer(desk, "Kugelgrill", title="", slug="Nicht gültig"))
    assert verdict_of(body) == "correct"
    assert "Höchstens 200 Zeichen." in text_of(try_answer(desk, "x" * 201))
    assert text_of(try_answer(desk, "   ")).strip() == ""
