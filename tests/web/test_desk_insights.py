"""Insights per riddle, quiz and partner (issue 15, item 5): counts, the server-drawn
solve-rate chart with its table, wrong guesses taken over live, quiz shares per question
and choice, partner days as a chart and CSV."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Riddle
from harzquiz.services import embed_stats
from tests.clients import Reader
from tests.desk_helpers import editor
from tests.factories import MONDAY, NOW, make_partner, make_riddle
from tests.helpers import log_in_as, new_reader, text_of, verdict_of
from tests.quiz_factories import make_quiz, right_values, wrong_values


@pytest.fixture
def app_config(app_config) -> dict:
    # Kept riddles live for an hour: only the content stamp can make the next guess see
    # a spelling the desk took over.
    return {**app_config, "PAGE_CACHE_SECONDS": 3600}


def guess(reader, slug: str, text: str) -> str:
    return verdict_of(text_of(reader.guess(slug, text)))


def test_a_frequent_wrong_guess_taken_over_is_right_from_the_next_guess(app, client):
    riddle = make_riddle(slug="boje")
    readers = [new_reader(app, "/raetsel/boje") for _ in range(3)]
    for reader in readers:
        assert guess(reader, "boje", "Kettle Grill") == "wrong"  # the riddle is kept now
    assert guess(readers[0], "boje", "Holzkohle") == "wrong"
    admin = log_in_as(client, "admin")
    desk = Reader(client)
    page = text_of(desk.open(f"/redaktion/raetsel/{riddle.id}/einblicke"))
    assert 'data-wrong="Kettle Grill"' in page and 'data-wrong="Holzkohle"' in page
    assert page.index('data-wrong="Kettle Grill"') < page.index('data-wrong="Holzkohle"')

    response = desk.post(
        f"/redaktion/raetsel/{riddle.id}/einblicke/uebernehmen",
        {"text": "Kettle Grill", "als": "schreibweise"},
    )
    assert response.status_code == 303

    late = new_reader(app, "/raetsel/boje")
    assert guess(late, "boje", "Kettle Grill") == "correct"
    page = text_of(desk.client.get(f"/redaktion/raetsel/{riddle.id}/einblicke"))
    assert 'data-wrong="Kettle Grill"' not in page  # live: no longer wrong
    db.session.rollback()
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "accepted"))
    assert (entry.target_id, entry.detail, entry.actor_id) == (riddle.id, "Kettle Grill", admin.id)
    log = text_of(desk.client.get("/redaktion/protokoll"))
    row = log.split('<tr data-action="accepted"')[1].split("</tr>")[0]
    assert "Schreibweise übernommen" in row and admin.nickname in row and "Kettle Grill" in row


def test_a_wrong_guess_becomes_a_near_miss_with_its_nudge(app, client):
    riddle = make_riddle(slug="boje")
    reader = new_reader(app, "/raetsel/boje")
    assert guess(reader, "boje", "Holzkohle") == "wrong"
    desk = editor(client)
    path = f"/redaktion/raetsel/{riddle.id}/einblicke/uebernehmen"
    refused = desk.post(path, {"text": "Holzkohle", "als": "beinahe", "nudge": " "})
    assert refused.status_code == 422 and "braucht einen Schubs" in text_of(refused)
    db.session.rollback()
    assert db.session.get(Riddle, riddle.id).near_misses == riddle.near_misses
    response = desk.post(path, {"text": "Holzkohle", "als": "beinahe", "nudge": "Was brennt?"})
    assert response.status_code == 303
    other = new_reader(app, "/raetsel/boje")
    body = text_of(other.guess("boje", "holzkohle"))
    assert verdict_of(body) == "close" and "Was brennt?" in body
    db.session.rollback()
    assert db.session.scalar(
        sa.select(AuditEntry.detail).where(AuditEntry.action == "near_miss")
    ) == ("Holzkohle → Was brennt?")


def test_taking_over_a_guess_that_is_no_longer_wrong_changes_nothing(app, client):
    riddle = make_riddle(slug="boje")
    desk = editor(client)
    version = riddle.version
    response = desk.post(
        f"/redaktion/raetsel/{riddle.id}/einblicke/uebernehmen",
        {"text": "Kugelgrill", "als": "schreibweise"},
    )
    assert response.status_code == 303
    db.session.rollback()
    assert db.session.get(Riddle, riddle.id).version == version
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_riddle_insight_counts_and_chart_agree_with_the_table(app, client):
    riddle = make_riddle(slug="boje")
    solver, quitter = new_reader(app, "/raetsel/boje"), new_reader(app, "/raetsel/boje")
    assert guess(solver, "boje", "Grillrost") == "wrong"
    solver.post("/raetsel/boje/tipps/1", {})
    assert guess(solver, "boje", "Kugelgrill") == "correct"
    quitter.post("/raetsel/boje/loesung", {})
    desk = editor(client)
    page = text_of(desk.client.get(f"/redaktion/raetsel/{riddle.id}/einblicke"))
    counts = dict(re.findall(r'data-count="(\w+)">([^<]+)<', page))
    assert counts == {"players": "2", "guesses": "2", "solves": "1", "reveals": "1",
                      "hint_unlocks": "1", "rate": "50 %"}  # fmt: skip
    # The chart is an SVG image with a title; the table beside it has one row per day
    # from Monday to today (Wednesday): today's row carries the 50 %.
    assert '<svg class="chart__svg"' in page and 'role="img"' in page and "<title" in page
    assert page.count("<polyline") == 1
    assert page.count('<tr><th scope="row">') == (NOW - MONDAY).days + 1
    assert '<td class="num">50 %</td></tr>' in page


def test_quiz_insight_shows_right_shares_per_question_and_choice(app, client):
    quiz = make_quiz()
    first = quiz.questions[0]
    for values in (right_values(first), wrong_values(first), right_values(first)):
        reader = new_reader(app, f"/quiz/{quiz.slug}")
        response = reader.post(
            f"/quiz/{quiz.slug}/antworten",
            {"frage": str(first.id), "versuch": "1", "antwort": values},
        )
        assert response.status_code in (200, 303), text_of(response)[:300]
    page = text_of(editor(client).client.get(f"/redaktion/quizze/{quiz.id}/einblicke"))
    assert 'data-rate="67"' in page
    right = next(c for c in first.choices if c.correct)
    assert f'<tr data-choice="{right.id}">' in page
    row = page.split(f'<tr data-choice="{right.id}">')[1].split("</tr>")[0]
    assert '<td class="num">2</td>' in row and "67 %" in row


def test_partner_insight_has_thirty_days_as_chart_table_and_csv(app, client):
    partner = make_partner()
    embed_stats.record(partner.id, NOW, views=5, guesses=3, solves=1)
    embed_stats.record(partner.id, NOW - timedelta(days=2), views=2)
    desk = editor(client)
    page = text_of(desk.client.get(f"/redaktion/partner/{partner.id}/einblicke"))
    assert page.count("<polyline") == 3 and page.count('<tr><th scope="row">') == 30
    csv = desk.client.get(f"/redaktion/partner/{partner.id}/einblicke.csv")
    assert csv.mimetype == "text/csv" and "attachment" in csv.headers["Content-Disposition"]
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0] == "day,views,guesses,solves,reveals" and len(lines) == 31
    assert lines[-1] == f"{NOW.date().isoformat()},5,3,1,0"
    assert lines[-3].endswith(",2,0,0,0")
