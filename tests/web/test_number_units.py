"""Number answers with a unit the editor allows: the quiz desk field, play, and the content
export/import (the rule's table is tests/unit/test_number_units.py)."""

from __future__ import annotations

import pytest

from harzquiz.extensions import db
from harzquiz.models import Quiz, QuizAnswer
from tests.helpers import text_of
from tests.quiz_factories import make_quiz
from tests.quiz_helpers import QuizReader
from tests.web.test_desk_exchange import export, import_file
from tests.web.test_quizdesk import post
from tests.web.test_quizdesk_questions import editor, questions_of  # noqa: F401 (fixture)

BROCKEN = {
    "kind": "number",
    "prompt": "Wie hoch ist der Brocken?",
    "number": 1141,
    "tolerance": 0,
    "units": ["m", "Meter"],
}


def test_the_editor_names_the_allowed_units(app, editor):  # noqa: F811
    quiz = make_quiz()
    response = post(
        editor,
        f"/redaktion/quizze/{quiz.id}/fragen/neu/number",
        {"prompt": "Wie hoch?", "number": "1141", "tolerance": "0", "units": "m, Meter"},
    )
    assert response.status_code == 303
    question = questions_of(quiz.id)[-1]
    assert question.units == ["m", "Meter"]
    page = text_of(editor.client.get(f"/redaktion/quizze/{quiz.id}/fragen/{question.id}"))
    assert 'value="m, Meter"' in page


@pytest.mark.parametrize("units", ["5 m", ", ".join(f"e{i}" for i in "abcdefghijk")])
def test_unusable_units_are_refused_beside_the_field(app, editor, units):  # noqa: F811
    quiz = make_quiz()
    response = post(
        editor,
        f"/redaktion/quizze/{quiz.id}/fragen/neu/number",
        {"prompt": "Wie hoch?", "number": "1141", "tolerance": "0", "units": units},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    errors = html[html.index('id="units-errors"') :]
    assert "ohne Ziffern" in errors[: errors.index("</ul>")]
    assert len(questions_of(quiz.id)) == 5


@pytest.mark.parametrize(
    ("typed", "right"),
    [("1141 m", True), ("1141m", True), ("1141 Meter", True), ("1141 km", False)],
)
def test_a_reader_may_type_an_allowed_unit(app, client, typed, right):
    quiz = make_quiz(questions=[BROCKEN])
    reader = QuizReader(client, quiz)
    reader.open()
    response = reader.answer([typed])
    assert response.status_code == 200
    answer = db.session.query(QuizAnswer).one()
    assert answer.correct is right
    assert answer.response == typed.replace("1141m", "1141 m")


def test_units_survive_export_and_import(app, runner, tmp_path):
    make_quiz(slug="brocken-quiz", questions=[BROCKEN])
    first = export(runner, tmp_path, "first.json")
    [quiz] = [q for q in first["quizzes"] if q["slug"] == "brocken-quiz"]
    assert quiz["questions"][0]["units"] == ["m", "Meter"]
    quiz["questions"][0]["units"] = ["m"]
    result = import_file(runner, tmp_path, first)
    assert result.exit_code == 0, result.output
    db.session.rollback()
    stored = db.session.query(Quiz).filter_by(slug="brocken-quiz").one()
    assert stored.questions[0].units == ["m"]


def test_an_import_with_bad_units_is_refused(app, runner, tmp_path):
    make_quiz(slug="brocken-quiz", questions=[BROCKEN])
    content = export(runner, tmp_path)
    [quiz] = [q for q in content["quizzes"] if q["slug"] == "brocken-quiz"]
    quiz["questions"][0]["units"] = "m"
    result = import_file(runner, tmp_path, content)
    assert result.exit_code != 0
    assert "units: a list of texts" in result.output
