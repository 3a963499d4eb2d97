"""Quiz questions on their own page: only their kind's fields, editable until the first
answer, errors beside their fields, a confirmation before removing one."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Quiz, QuizQuestion
from tests.clients import Reader
from tests.helpers import log_in_as, text_of
from tests.quiz_factories import make_quiz, right_values
from tests.quiz_helpers import QuizReader
from tests.web.test_quizdesk import post

# The fields each kind's page shows (besides the question and its explanation).
OWN_FIELDS = {
    "single": {"choices"},
    "multiple": {"choices"},
    "true_false": {"truth"},
    "number": {"number", "tolerance", "units"},
    "text": {"solution", "alternatives"},
}
ALL_FIELDS = set().union(*OWN_FIELDS.values())


@pytest.fixture
def editor(client) -> Reader:
    log_in_as(client, "editor")
    reader = Reader(client)
    reader.open("/redaktion/quizze")
    return reader


def questions_of(quiz_id: int) -> list[QuizQuestion]:
    db.session.rollback()
    return list(db.session.get(Quiz, quiz_id).questions)


@pytest.mark.parametrize("kind", OWN_FIELDS)
def test_each_kind_shows_only_its_own_fields(app, editor, kind):
    quiz = make_quiz()  # the five factory questions
    html = editor.client.get(f"/redaktion/quizze/{quiz.id}/fragen/neu/{kind}").get_data(
        as_text=True
    )
    for name in ALL_FIELDS:
        shown = f'name="{name}"' in html
        assert shown == (name in OWN_FIELDS[kind]), name
    assert 'name="prompt"' in html and 'name="explanation"' in html


@pytest.mark.parametrize(
    ("kind", "fields", "check"),
    [
        (
            "single",
            {"choices": "Wurmberg\n*Brocken"},
            lambda q: [c.correct for c in q.choices] == [False, True],
        ),
        ("multiple", {"choices": "*Goslar\nKiel\n*Thale"}, lambda q: len(q.choices) == 3),
        ("true_false", {"truth": "false"}, lambda q: q.truth is False),
        (
            "number",
            {"number": "1141", "tolerance": "2,5"},
            lambda q: (q.number, q.tolerance) == (1141, 2.5),
        ),
        (
            "text",
            {"solution": "Brocken", "alternatives": "Blocksberg"},
            lambda q: q.alternatives == ["Blocksberg"],
        ),
    ],
)
def test_a_new_question_of_each_kind(app, editor, kind, fields, check):
    quiz = make_quiz()  # the five factory questions
    response = post(
        editor, f"/redaktion/quizze/{quiz.id}/fragen/neu/{kind}", {"prompt": "Frage?", **fields}
    )
    assert response.status_code == 303
    *_factory, question = questions_of(quiz.id)
    assert len(_factory) == 5
    assert response.headers["Location"].endswith(f"#question-{question.id}")
    assert (question.kind, question.prompt) == (kind, "Frage?")
    assert check(question)


@pytest.mark.parametrize(
    ("kind", "fields", "field", "message"),
    [
        ("single", {"prompt": "Wer?", "choices": "Anna\nBernd"}, "choices", "genau eine Antwort"),
        ("multiple", {"prompt": "Was?", "choices": "a"}, "choices", "2 bis 8 Antworten"),
        ("true_false", {"prompt": "Stimmt es?"}, "truth", "ob die Aussage stimmt"),
        ("number", {"prompt": "Wie viele?", "number": "viele"}, "number", "die richtige Zahl"),
        ("text", {"prompt": "Wie?"}, "solution", "Bitte gib die richtige Antwort ein."),
        ("text", {"prompt": "", "solution": "x"}, "prompt", "Bitte gib die Frage ein."),
    ],
)
def test_errors_stand_beside_their_fields(app, editor, kind, fields, field, message):
    quiz = make_quiz()  # the five factory questions
    response = post(editor, f"/redaktion/quizze/{quiz.id}/fragen/neu/{kind}", fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    errors = html[html.index(f'id="{field}-errors"') :]
    assert message in errors[: errors.index("</ul>")]
    assert len(questions_of(quiz.id)) == 5  # nothing stored


def test_editing_every_part_of_a_question_is_audited(app, editor):
    quiz = make_quiz()
    single, *_rest, number, text = questions_of(quiz.id)
    page = editor.client.get(f"/redaktion/quizze/{quiz.id}/fragen/{single.id}")
    html = page.get_data(as_text=True)
    assert "*Brocken" in html and "Wurmberg" in html  # the choices as editable lines
    base = f"/redaktion/quizze/{quiz.id}/fragen"
    response = post(
        editor,
        f"{base}/{single.id}",
        {"prompt": "Welcher Gipfel?", "choices": "*Brocken\nWurmberg", "explanation": "Neu."},
    )
    assert response.status_code == 303
    assert (
        post(
            editor, f"{base}/{number.id}", {"prompt": "Zahl?", "number": "7", "tolerance": "1"}
        ).status_code
        == 303
    )
    assert (
        post(editor, f"{base}/{text.id}", {"prompt": "Wort?", "solution": "Harz"}).status_code
        == 303
    )
    single, *_rest, number, text = questions_of(quiz.id)
    assert (single.prompt, single.explanation) == ("Welcher Gipfel?", "Neu.")
    assert [(c.text, c.correct) for c in single.choices] == [("Brocken", True), ("Wurmberg", False)]
    assert (number.prompt, number.number, number.tolerance) == ("Zahl?", 7, 1)
    assert (text.solution, text.alternatives) == ("Harz", [])
    entries = db.session.scalars(sa.select(AuditEntry)).all()
    assert [(e.target_type, e.target_id, e.action) for e in entries] == [
        ("quiz", quiz.id, "changed")
    ] * 3


def test_a_question_keeps_its_kind(app, editor):
    quiz = make_quiz()
    single = questions_of(quiz.id)[0]
    response = post(
        editor,
        f"/redaktion/quizze/{quiz.id}/fragen/{single.id}",
        {"kind": "text", "prompt": "Wer?", "solution": "x", "choices": "*a\nb"},
    )
    assert response.status_code == 303
    assert questions_of(quiz.id)[0].kind == "single"


def test_a_played_quiz_refuses_edits_and_changes_nothing(app, editor):
    quiz = make_quiz()
    first = questions_of(quiz.id)[0]
    assert QuizReader(app.test_client(), quiz).answer(right_values(first)).status_code == 200
    for path in (f"fragen/{first.id}", "fragen/neu/text"):
        response = post(
            editor,
            f"/redaktion/quizze/{quiz.id}/{path}",
            {"prompt": "Neu?", "solution": "x", "choices": "*a\nb"},
        )
        assert response.status_code == 409
        assert "wurde schon gespielt" in text_of(response)
    assert [q.prompt for q in questions_of(quiz.id)] == [q.prompt for q in quiz.questions]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_removing_a_question_asks_first(app, editor):
    quiz = make_quiz()
    first = questions_of(quiz.id)[0]
    edit = editor.client.get(f"/redaktion/quizze/{quiz.id}").get_data(as_text=True)
    confirm_url = f"/redaktion/quizze/{quiz.id}/fragen/{first.id}/loeschen"
    assert f'href="{confirm_url}"' in edit
    page = editor.client.get(confirm_url)
    assert page.status_code == 200
    assert f'action="{confirm_url}"' in page.get_data(as_text=True)
    assert len(questions_of(quiz.id)) == 5  # asking removed nothing
    assert post(editor, confirm_url).status_code == 303
    assert len(questions_of(quiz.id)) == 4


def test_the_edit_page_offers_a_link_per_kind_and_no_choice_buttons(app, editor):
    quiz = make_quiz()
    html = editor.client.get(f"/redaktion/quizze/{quiz.id}").get_data(as_text=True)
    for kind in OWN_FIELDS:
        assert f'href="/redaktion/quizze/{quiz.id}/fragen/neu/{kind}"' in html
    assert "/antworten/" not in html  # choices are edited in the question's form
