"""`flask export-content` / `flask import-content`: lossless round trip, all-or-nothing import."""

from __future__ import annotations

import json

import sqlalchemy as sa

from harzquiz.cli.demo import seed_demo
from harzquiz.extensions import db
from harzquiz.models import Article, AuditEntry, Hint, Riddle
from tests.database import reset_database
from tests.factories import NOW, make_article, make_riddle


def export(runner, tmp_path, name="export.json") -> dict:
    target = tmp_path / name
    result = runner.invoke(args=["export-content", str(target)])
    assert result.exit_code == 0, result.output
    return json.loads(target.read_text(encoding="utf-8"))


def import_file(runner, tmp_path, content, name="import.json"):
    source = tmp_path / name
    source.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return runner.invoke(args=["import-content", str(source)])


def counts() -> tuple[int, int, int, int]:
    db.session.rollback()
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Riddle, Hint, Article, AuditEntry)
    )


def test_round_trip_is_lossless(app, runner, tmp_path):
    seed_demo(NOW)
    riddle = make_riddle(slug="mit-umlauten", title="Käse & „Quark“", publish_at=None,
                         closes_at=None, explanation="Zeile 1\nZeile 2")  # fmt: skip
    make_article(slug="zweiter-artikel", riddle_id=riddle.id, published_at=None)
    first = export(runner, tmp_path, "first.json")
    assert len(first["riddles"]) >= 5 and len(first["articles"]) >= 2
    assert any(r["hints"] for r in first["riddles"])
    reset_database()  # wipe
    result = import_file(runner, tmp_path, first)
    assert result.exit_code == 0, result.output
    second = export(runner, tmp_path, "second.json")
    assert second == first
    assert (tmp_path / "first.json").read_bytes() == (tmp_path / "second.json").read_bytes()


def test_import_updates_by_slug_and_logs_it(app, runner, tmp_path):
    make_riddle(slug="boje", title="Alt")
    content = {
        "format": "harzquiz-content/1",
        "riddles": [{"slug": "boje", "title": "Neu", "question": "Was?", "solution": "Grill",
                     "explanation": "", "alternatives": [], "near_misses": [],
                     "hints": [{"text": "Rund", "cost": 5}], "points": 50,
                     "publish_at": "2026-11-23T05:00:00+00:00",
                     "closes_at": "2026-11-30T05:00:00+00:00"}],
        "articles": [],
    }  # fmt: skip
    result = import_file(runner, tmp_path, content)
    assert result.exit_code == 0, result.output
    db.session.rollback()
    riddle = db.session.scalar(sa.select(Riddle))
    assert (riddle.title, riddle.points, [h.text for h in riddle.hints]) == ("Neu", 50, ["Rund"])
    assert db.session.scalar(sa.select(AuditEntry.action)) == "imported"


def test_an_invalid_import_reports_every_error_and_writes_nothing(app, runner, tmp_path):
    make_riddle(slug="vorhanden", title="Vorhanden")  # live Monday to Monday
    before = counts()
    good = {"slug": "gut", "title": "Gut", "question": "?", "solution": "Ja", "points": 10,
            "publish_at": None, "closes_at": None}  # fmt: skip
    content = {
        "format": "harzquiz-content/1",
        "riddles": [
            good,
            {**good, "slug": "Schlecht Slug", "title": "", "points": 0},
            {**good, "slug": "gut"},  # twice
            {**good, "slug": "ueberlappt", "publish_at": "2026-11-24T00:00:00+00:00"},
            {**good, "slug": "ohne-zone", "publish_at": "2026-12-24T00:00:00"},
            {**good, "slug": "langer-tipp", "hints": [{"text": "x" * 501, "cost": -1}]},
            {**good, "slug": "zu-viele", "alternatives": ["a"] * 21, "hints": ["kein Objekt"]},
        ],
        "articles": [
            {"slug": "a", "title": "A", "body_markdown": "", "riddle": "gibt-es-nicht",
             "sources_count": "viele"},
        ],
    }  # fmt: skip
    result = import_file(runner, tmp_path, content)
    assert result.exit_code == 1
    output = result.output
    expected = [
        "riddles[1] Schlecht Slug: title:", "riddles[1] Schlecht Slug: slug: Nur Kleinbuchstaben",
        "riddles[1] Schlecht Slug: points: Zwischen 1 und 1000",
        "riddles: slug 'gut' appears twice",
        "live windows of 'ueberlappt' and 'vorhanden' overlap",
        "riddles[4] ohne-zone: publish_at: the time needs a zone",
        "riddles[5] langer-tipp: hints: Höchstens 500 Zeichen.",
        "riddles[5] langer-tipp: hints: Zwischen 0 und 1000 Punkten.",
        "riddles[6] zu-viele: alternatives: at most 20 entries",
        "riddles[6] zu-viele: hints: every entry must be a dict",
        "articles[0] a: body_markdown:",
        "articles[0] a: sources_count: Bitte gib eine ganze Zahl an.",
        "articles[0] a: riddle: no riddle with the slug 'gibt-es-nicht'",
        "nothing was imported",
    ]  # fmt: skip
    for line in expected:
        assert line in output, f"{line!r} missing in:\n{output}\n{result.exception!r}"
    assert counts() == before


def test_import_refuses_other_files(app, runner, tmp_path):
    assert import_file(runner, tmp_path, {"riddles": []}).exit_code == 1
    (tmp_path / "bad.json").write_text("{kein json", encoding="utf-8")
    result = runner.invoke(args=["import-content", str(tmp_path / "bad.json")])
    assert result.exit_code == 1 and "not valid JSON" in result.output
