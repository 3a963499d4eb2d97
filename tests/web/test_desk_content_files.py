"""The content file in the desk (issue 15, item 4): the download is the CLI's file, an
upload shows what it would change and writes nothing, then writes all of it or nothing;
quizzes and partners included; an unchanged re-import changes and logs nothing."""

from __future__ import annotations

import html
import io
import json
import re

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Partner, Quiz, QuizQuestion, Riddle
from tests.database import reset_database
from tests.desk_helpers import editor
from tests.factories import make_article, make_partner, make_riddle
from tests.helpers import text_of
from tests.quiz_factories import make_quiz


def world() -> None:
    riddle = make_riddle(slug="boje", title="Käse & „Quark“")
    article = make_article(slug="artikel", riddle_id=riddle.id)
    make_quiz(slug="harz-quiz", article_id=article.id)
    make_partner(name="Goslarsche", origins=["https://goslarsche.example"])


def counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
        if table.name != "cache_version"
    }


def upload(desk, content: dict | bytes):
    raw = content if isinstance(content, bytes) else json.dumps(content).encode()
    return desk.post(
        "/redaktion/inhalte/vorschau",
        {"datei": (io.BytesIO(raw), "inhalte.json")},
        content_type="multipart/form-data",
    )


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden {name}"
    return html.unescape(match.group(1))


def test_the_download_is_the_cli_file_and_round_trips_byte_for_byte(app, client, runner, tmp_path):
    world()
    desk = editor(client)
    response = desk.client.get("/redaktion/inhalte/export.json")
    assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
    downloaded = response.get_data()
    target = tmp_path / "cli.json"
    assert runner.invoke(args=["export-content", str(target)]).exit_code == 0
    assert target.read_bytes() == downloaded
    data = json.loads(downloaded)
    assert [q["slug"] for q in data["quizzes"]] == ["harz-quiz"]
    assert data["quizzes"][0]["questions"] and data["partners"][0]["name"] == "Goslarsche"
    assert "embed_key" not in downloaded.decode() and "key" not in data["partners"][0]

    reset_database()
    desk = editor(app.test_client())
    make_article(slug="artikel-davor")  # the database is not empty
    page = text_of(upload(desk, downloaded))
    written = desk.post(
        "/redaktion/inhalte/schreiben",
        {"content": hidden(page, "content"), "digest": hidden(page, "digest")},
    )
    assert written.status_code == 303
    again = editor(app.test_client()).client.get("/redaktion/inhalte/export.json").get_data()
    data_again = json.loads(again)
    data_again["articles"] = [a for a in data_again["articles"] if a["slug"] != "artikel-davor"]
    assert json.dumps(data_again, ensure_ascii=False, indent=2) + "\n" == downloaded.decode()


def test_the_preview_lists_the_changes_and_writes_nothing(app, client):
    world()
    desk = editor(client)
    content = json.loads(desk.client.get("/redaktion/inhalte/export.json").get_data())
    content["riddles"][0]["title"] = "Neuer Titel"
    content["quizzes"][0]["questions"][0]["prompt"] = "Neue Frage?"
    content["partners"].append(
        {
            "name": "Neue Zeitung",
            "enabled": False,
            "origins": [],
            "accent": "#112233",
            "scheme": "dark",
        }
    )
    before = counts()
    response = upload(desk, content)
    page = text_of(response)
    assert response.status_code == 200
    assert counts() == before  # nothing written, nothing logged
    assert page.count("<tr data-action=") == 3
    assert 'data-action="imported"' in page and 'data-action="import_new"' in page
    assert "Titel" in page and "Fragen" in page and "Neue Zeitung" in page

    written = desk.post(
        "/redaktion/inhalte/schreiben",
        {"content": hidden(page, "content"), "digest": hidden(page, "digest")},
    )
    assert written.status_code == 303
    db.session.rollback()
    assert db.session.scalar(sa.select(Riddle.title)) == "Neuer Titel"
    quiz = db.session.scalar(sa.select(Quiz))
    assert quiz.questions[0].prompt == "Neue Frage?"
    partner = db.session.scalar(sa.select(Partner).where(Partner.name == "Neue Zeitung"))
    assert (partner.enabled, partner.scheme) == (False, "dark") and len(partner.embed_key) >= 32
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["imported", "imported", "import_new"]


def test_an_unchanged_reimport_changes_and_logs_nothing(app, client):
    world()
    desk = editor(client)
    downloaded = desk.client.get("/redaktion/inhalte/export.json").get_data()
    keys = set(db.session.scalars(sa.select(Partner.embed_key)))
    page = text_of(upload(desk, downloaded))
    assert "Nichts würde sich ändern" in page and 'name="digest"' not in page
    before = counts()
    written = desk.post(
        "/redaktion/inhalte/schreiben",
        {"content": downloaded.decode(), "digest": hidden_digest_of_nothing()},
    )
    assert written.status_code == 303
    assert counts() == before and before["audit_entry"] == 0
    assert set(db.session.scalars(sa.select(Partner.embed_key))) == keys


def hidden_digest_of_nothing() -> str:
    from tests.routes import preview_digest

    return preview_digest([])


def test_a_file_with_errors_lists_every_one_and_writes_nothing(app, client):
    world()
    desk = editor(client)
    content = json.loads(desk.client.get("/redaktion/inhalte/export.json").get_data())
    content["riddles"][0]["title"] = "Geht durch"
    content["quizzes"].append(
        {
            "slug": "Kein Slug",
            "title": "",
            "intro": "",
            "article": "fehlt",
            "points_per_answer": 0,
            "publish_at": None,
            "closes_at": "2026-12-01T00:00:00+00:00",
            "questions": [
                {
                    "kind": "single",
                    "prompt": "Welche?",
                    "explanation": "",
                    "choices": [{"text": "A", "right": True}, {"text": "B", "right": True}],
                },
                {"kind": "raten", "prompt": "?"},
            ],
        }
    )
    content["partners"].append(
        {
            "name": "X",
            "enabled": "ja",
            "origins": ["https://a.example/pfad"],
            "accent": "rot",
            "scheme": "bunt",
        }
    )
    before = counts()
    for response in (
        upload(desk, content),
        desk.post(
            "/redaktion/inhalte/schreiben",
            {"content": json.dumps(content), "digest": "egal"},
        ),
    ):
        page = text_of(response)
        assert response.status_code == 422
        for line in (
            "quizzes[1] Kein Slug: slug:",
            "quizzes[1] Kein Slug: title: must not be empty",
            "quizzes[1] Kein Slug: points_per_answer:",
            "quizzes[1] Kein Slug: article: no article with the slug &#39;fehlt&#39;",
            "quizzes[1] Kein Slug: closes_at: close_without_publish",
            "quizzes[1] Kein Slug: questions[0]: single_right",
            "quizzes[1] Kein Slug: questions[1]: kind:",
            "partners[1] X: name: 2 to 120 characters",
            "partners[1] X: enabled: true or false",
            "partners[1] X: origins: not an exact origin",
            "partners[1] X: accent:",
            "partners[1] X: scheme: light or dark",
        ):
            assert line in page, line
        assert "nichts wurde geschrieben" in page
        assert counts() == before
    db.session.rollback()
    assert db.session.scalar(sa.select(Riddle.title)) != "Geht durch"


def test_a_quiz_readers_answered_keeps_its_questions_and_the_import_writes_nothing(app, client):
    from harzquiz.models import QuizAnswer, QuizAttempt
    from tests.factories import make_player

    world()
    quiz = db.session.scalar(sa.select(Quiz))
    player = make_player()
    attempt = QuizAttempt(quiz_id=quiz.id, player_id=player.id, number=1)
    db.session.add(attempt)
    db.session.flush()
    question = quiz.questions[0]
    db.session.add(
        QuizAnswer(
            attempt_id=attempt.id,
            question_id=question.id,
            player_id=player.id,
            response="1",
            correct=False,
        )
    )
    db.session.commit()
    desk = editor(client)
    content = json.loads(desk.client.get("/redaktion/inhalte/export.json").get_data())
    content["quizzes"][0]["questions"][0]["prompt"] = "Anders?"
    content["riddles"][0]["title"] = "Auch anders"
    before = counts()
    response = upload(desk, content)
    assert response.status_code == 422
    assert "has answers: its questions stay" in text_of(response)
    assert counts() == before
    db.session.rollback()
    assert (
        db.session.scalar(sa.select(QuizQuestion.prompt).where(QuizQuestion.id == question.id))
        != "Anders?"
    )


def test_writing_refuses_when_the_changes_moved_since_the_preview(app, client):
    world()
    desk = editor(client)
    content = json.loads(desk.client.get("/redaktion/inhalte/export.json").get_data())
    content["riddles"][0]["points"] = 77
    page = text_of(upload(desk, content))
    riddle = db.session.scalar(sa.select(Riddle))
    riddle.title = "Inzwischen geändert"  # someone edits between preview and write
    db.session.commit()
    before = counts()
    response = desk.post(
        "/redaktion/inhalte/schreiben",
        {"content": hidden(page, "content"), "digest": hidden(page, "digest")},
    )
    assert response.status_code == 409
    assert "Inzwischen hat sich etwas geändert" in text_of(response)
    assert counts() == before
    db.session.rollback()
    assert db.session.scalar(sa.select(Riddle.points)) != 77


def test_upload_refusals(app, client):
    desk = editor(client)
    before = counts()
    missing = desk.post("/redaktion/inhalte/vorschau", {}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "Bitte wähle eine Datei aus." in text_of(missing)
    latin = upload(desk, '{"format": "Käse"}'.encode("latin-1"))
    assert latin.status_code == 422 and "UTF-8" in text_of(latin)
    broken = upload(desk, b"{kein json")
    assert broken.status_code == 422 and "not valid JSON" in text_of(broken)
    other = upload(desk, {"riddles": []})
    assert other.status_code == 422 and "not a HarzQuiz content file" in text_of(other)
    assert counts() == before
