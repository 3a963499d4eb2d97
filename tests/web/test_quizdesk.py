"""The quiz desk: editors build, reorder, preview and schedule quizzes; nobody else can."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Quiz, QuizChoice, QuizQuestion
from tests.clients import Reader
from tests.factories import make_article
from tests.helpers import HTMX, is_partial, log_in_as, text_of
from tests.quiz_factories import make_quiz, right_values
from tests.quiz_helpers import QuizReader
from tests.web.test_security_headers import audit

BOTH = pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "form"])


@pytest.fixture
def editor(client):
    log_in_as(client, "editor")
    reader = Reader(client)
    reader.open("/redaktion/quizze")
    return reader


def post(editor: Reader, path: str, data: dict | None = None, htmx: bool = False):
    headers = {**HTMX, "HX-Current-URL": "http://localhost/redaktion/quizze"} if htmx else {}
    return editor.client.post(
        path, data={"csrf_token": editor.token, **(data or {})}, headers=headers
    )


def questions_of(quiz_id: int) -> list[QuizQuestion]:
    db.session.rollback()
    return list(db.session.get(Quiz, quiz_id).questions)


QUIZ_FORM = {
    "slug": "neues-quiz",
    "title": "Neues Quiz",
    "intro": "Drei Fragen.",
    "points_per_answer": "20",
    "publish_at": "2026-11-24T08:00",  # Berlin time: 07:00 UTC
    "closes_at": "2026-12-01T08:00",
}


def test_an_editor_creates_a_quiz_with_berlin_publish_times(app, editor):
    article = make_article()
    response = post(editor, "/redaktion/quizze/neu", {**QUIZ_FORM, "article_id": article.id})
    assert response.status_code == 303
    db.session.rollback()
    quiz = db.session.scalar(sa.select(Quiz).where(Quiz.slug == "neues-quiz"))
    assert response.headers["Location"] == f"/redaktion/quizze/{quiz.id}"
    assert (quiz.title, quiz.article_id, quiz.points_per_answer) == ("Neues Quiz", article.id, 20)
    assert quiz.publish_at == datetime(2026, 11, 24, 7, 0, tzinfo=UTC)
    page = text_of(editor.client.get(f"/redaktion/quizze/{quiz.id}"))
    assert 'value="2026-11-24T08:00"' in page  # shown again in Berlin time
    assert "läuft" in text_of(editor.client.get("/redaktion/quizze"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"slug": "Mit Leerzeichen"}, "Nur Kleinbuchstaben"),
        ({"title": ""}, "Bitte gib einen Titel ein."),
        ({"publish_at": "", "closes_at": "2026-12-01T08:00"}, "close_without_publish"),
        ({"closes_at": "2026-11-20T08:00"}, "closes_before_publish"),
    ],
)
def test_a_wrong_quiz_form_is_refused_and_stores_nothing(app, editor, change, message):
    article = make_article()
    response = post(
        editor, "/redaktion/quizze/neu", {**QUIZ_FORM, "article_id": article.id, **change}
    )
    assert response.status_code == 422
    assert message in text_of(response)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Quiz)) == 0


QUESTIONS = {
    "single": {"prompt": "Wer?", "choices": "Anna\n*Oliver Junk\nBernd", "explanation": "Er."},
    "multiple": {"prompt": "Was klappte?", "choices": "*eCarSharing\n*HARZlocal\nHarzring"},
    "true_false": {"prompt": "Harzring gebaut?", "truth": "false"},
    "number": {"prompt": "Wie viele?", "number": "18", "tolerance": "2"},
    "text": {"prompt": "Wie heißt es?", "solution": "HARZlocal", "alternatives": "Harz lokal"},
}


@BOTH
def test_adding_every_kind_of_question(app, editor, htmx):
    quiz = make_quiz(questions=[QUESTIONS_FACTORY_SINGLE])
    for kind, fields in QUESTIONS.items():
        response = post(
            editor, f"/redaktion/quizze/{quiz.id}/fragen", {"kind": kind, **fields}, htmx=htmx
        )
        if htmx:
            assert response.status_code == 200 and is_partial(text_of(response))
            assert 'id="quizdesk-questions"' in text_of(response)
        else:
            assert response.status_code == 303
    stored = questions_of(quiz.id)
    assert [q.kind for q in stored] == ["single", *QUESTIONS]
    single = stored[1]
    assert [(c.text, c.correct) for c in single.choices] == [
        ("Anna", False),
        ("Oliver Junk", True),
        ("Bernd", False),
    ]
    assert stored[3].truth is False
    assert (stored[4].number, stored[4].tolerance) == (18, 2)
    assert (stored[5].solution, stored[5].alternatives) == ("HARZlocal", ["Harz lokal"])
    # Readers can play what was built: the text question uses the matcher.
    player = QuizReader(Reader(app.test_client()).client, quiz)
    for question in questions_of(quiz.id):
        assert player.answer(right_values(question)).status_code == 200


QUESTIONS_FACTORY_SINGLE = {
    "kind": "single",
    "prompt": "Erste Frage?",
    "choices": [("a", True), ("b", False)],
}


@BOTH
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "single", "prompt": "Wer?", "choices": "Anna\nBernd"}, "genau eine Antwort"),
        ({"kind": "single", "prompt": "Wer?", "choices": "*Anna"}, "2 bis 8 Antworten"),
        ({"kind": "multiple", "prompt": "Was?", "choices": "a\nb"}, "Mindestens eine Antwort"),
        ({"kind": "true_false", "prompt": "Stimmt es?"}, "ob die Aussage stimmt"),
        ({"kind": "number", "prompt": "Wie viele?", "number": "viele"}, "die richtige Zahl"),
        ({"kind": "text", "prompt": "Wie?"}, "Bitte gib die richtige Antwort ein."),
        ({"kind": "text", "prompt": "", "solution": "x"}, "Bitte gib die Frage ein."),
        ({"kind": "quatsch", "prompt": "Wie?"}, "Bitte prüfe die markierten Felder."),
    ],
)
def test_an_incomplete_question_is_refused(app, editor, htmx, fields, message):
    quiz = make_quiz(questions=[QUESTIONS_FACTORY_SINGLE])
    response = post(editor, f"/redaktion/quizze/{quiz.id}/fragen", fields, htmx=htmx)
    assert response.status_code == 422
    assert message in text_of(response)
    assert len(questions_of(quiz.id)) == 1


@BOTH
def test_reordering_and_removing_questions(app, editor, htmx):
    quiz = make_quiz()
    ids = [q.id for q in questions_of(quiz.id)]
    base = f"/redaktion/quizze/{quiz.id}/fragen"
    assert post(editor, f"{base}/{ids[2]}/hoch", htmx=htmx).status_code in (200, 303)
    assert [q.id for q in questions_of(quiz.id)] == [ids[0], ids[2], ids[1], ids[3], ids[4]]
    post(editor, f"{base}/{ids[0]}/runter", htmx=htmx)
    post(editor, f"{base}/{ids[4]}/runter", htmx=htmx)  # already last: nothing moves
    assert [q.id for q in questions_of(quiz.id)] == [ids[2], ids[0], ids[1], ids[3], ids[4]]
    post(editor, f"{base}/{ids[1]}/loeschen", htmx=htmx)
    assert [q.id for q in questions_of(quiz.id)] == [ids[2], ids[0], ids[3], ids[4]]
    assert post(editor, f"{base}/999/loeschen", htmx=htmx).status_code == 404


@BOTH
def test_adding_reordering_and_removing_choices(app, editor, htmx):
    quiz = make_quiz()
    single = questions_of(quiz.id)[0]
    base = f"/redaktion/quizze/{quiz.id}/fragen/{single.id}/antworten"
    response = post(editor, base, {"text": "Ravensberg", "right": "y"}, htmx=htmx)
    assert response.status_code in (200, 303)
    choices = questions_of(quiz.id)[0].choices
    assert [(c.text, c.correct) for c in choices] == [
        ("Wurmberg", False),
        ("Brocken", False),
        ("Achtermann", False),
        ("Ravensberg", True),
    ]  # a single choice keeps exactly one right answer
    ids = [c.id for c in choices]
    post(editor, f"{base}/{ids[3]}/hoch", htmx=htmx)
    post(editor, f"{base}/{ids[0]}/loeschen", htmx=htmx)
    assert [c.text for c in questions_of(quiz.id)[0].choices] == [
        "Brocken",
        "Ravensberg",
        "Achtermann",
    ]
    refused = post(editor, f"{base}/{ids[3]}/loeschen", htmx=htmx)  # the only right one
    assert refused.status_code == 422
    assert "genau eine Antwort" in text_of(refused)
    assert post(editor, base, {"text": ""}, htmx=htmx).status_code == 422
    assert len(questions_of(quiz.id)[0].choices) == 3


@BOTH
def test_a_played_quiz_is_frozen(app, editor, htmx):
    quiz = make_quiz()
    player = QuizReader(app.test_client(), quiz)
    first = questions_of(quiz.id)[0]
    assert player.answer(right_values(first)).status_code == 200
    base = f"/redaktion/quizze/{quiz.id}/fragen"
    for path, data in (
        (base, {"kind": "true_false", "prompt": "Neu?", "truth": "true"}),
        (f"{base}/{first.id}/loeschen", {}),
        (f"{base}/{first.id}/runter", {}),
        (f"{base}/{first.id}/antworten", {"text": "Neu"}),
        (f"{base}/{first.id}/antworten/{first.choices[0].id}/loeschen", {}),
    ):
        response = post(editor, path, data, htmx=htmx)
        assert response.status_code == 409, path
        assert "wurde schon gespielt" in text_of(response)
    assert [q.id for q in questions_of(quiz.id)] == [q.id for q in quiz.questions]
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizChoice)) == 7
    # Times and title stay editable.
    response = post(
        editor,
        f"/redaktion/quizze/{quiz.id}",
        {**QUIZ_FORM, "slug": quiz.slug, "article_id": quiz.article_id, "title": "Umbenannt"},
    )
    assert response.status_code == 303
    db.session.rollback()
    assert db.session.get(Quiz, quiz.id).title == "Umbenannt"


def test_preview_shows_a_draft_with_its_answers(app, editor):
    quiz = make_quiz(publish_at=None, closes_at=None)
    assert app.test_client().get(f"/quiz/{quiz.slug}").status_code == 404  # readers: nothing
    page = text_of(editor.client.get(f"/redaktion/quizze/{quiz.id}/vorschau"))
    for text in (
        "Welcher Berg ist der höchste im Harz?",
        "Brocken",
        "73.519",
        "Quastenflosser",
        "Erklaerung-Text-555",
    ):
        assert text in page
    assert "Entwurf" in text_of(editor.client.get("/redaktion/quizze"))


def test_desk_pages_have_no_inline_script_and_are_never_framed(app, editor):
    quiz = make_quiz()
    for path in (
        "/redaktion/quizze",
        "/redaktion/quizze/neu",
        f"/redaktion/quizze/{quiz.id}",
        f"/redaktion/quizze/{quiz.id}/vorschau",
    ):
        response = editor.client.get(path)
        assert response.status_code == 200, path
        assert audit(text_of(response)).problems == [], path
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("role", [None, "reader"])
def test_only_editors_reach_the_desk(app, client, role):
    quiz = make_quiz()
    if role:
        log_in_as(client, role)
    reader = Reader(client)
    reader.open("/")
    gets = [
        "/redaktion/quizze",
        "/redaktion/quizze/neu",
        f"/redaktion/quizze/{quiz.id}",
        f"/redaktion/quizze/{quiz.id}/vorschau",
    ]
    posts = [
        f"/redaktion/quizze/{quiz.id}/fragen",
        f"/redaktion/quizze/{quiz.id}/fragen/{quiz.questions[0].id}/loeschen",
    ]
    for path in gets:
        response = client.get(path)
        assert response.status_code == (403 if role else 302), path
        assert "Erklaerung" not in text_of(response)
    for path in posts:
        response = reader.post(path, {"kind": "text", "prompt": "x", "solution": "y"})
        assert response.status_code == (403 if role else 303), path
    assert len(questions_of(quiz.id)) == 5
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("desk.quizzes."):
            assert app.view_functions[rule.endpoint].required_role == "editor", rule.rule


def test_the_quiz_desk_is_in_the_desk_nav(app, editor):
    quiz = make_quiz()
    pages = (
        "/redaktion/quizze",
        "/redaktion/quizze/neu",
        f"/redaktion/quizze/{quiz.id}",
        f"/redaktion/quizze/{quiz.id}/vorschau",
    )
    for path in pages:
        page = text_of(editor.client.get(path))
        assert 'class="desk-nav"' in page, path
        assert '/redaktion/quizze" aria-current="page">Quizze</a>' in page, path
    partners = text_of(editor.client.get("/redaktion/partner/"))
    assert '/redaktion/quizze">Quizze</a>' in partners  # linked from the other desk pages
