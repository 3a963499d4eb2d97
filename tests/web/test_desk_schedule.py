"""Schedule rules: closing early, correcting a live riddle's solution, the preview."""

from __future__ import annotations

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Guess, Riddle, Solve
from tests.clients import Reader
from tests.desk_helpers import editor, riddle_data
from tests.factories import NOW, make_closed_riddle, make_riddle
from tests.helpers import text_of, verdict_of


def test_close_early_ends_the_riddle_and_is_logged(app, client):
    riddle = make_riddle(title="Live-Rätsel")
    desk = editor(client)
    response = desk.post(f"/redaktion/raetsel/{riddle.id}/beenden")
    assert response.status_code == 303
    db.session.rollback()
    stored = db.session.get(Riddle, riddle.id)
    assert stored.closes_at == NOW
    assert stored.version == 2
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.action, entry.target_id) == ("closed", riddle.id)
    home = text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))
    assert "Die Lösung: Kugelgrill" in home  # closed: the solution is public
    assert "„Live-Rätsel“ ist beendet." in text_of(desk.client.get("/redaktion/"))


def test_close_early_refuses_a_riddle_that_is_not_live(app, client):
    closed = make_closed_riddle()
    draft = make_riddle(publish_at=None, closes_at=None)
    desk = editor(client)
    for riddle in (closed, draft):
        before = riddle.closes_at
        assert desk.post(f"/redaktion/raetsel/{riddle.id}/beenden").status_code == 303
        db.session.rollback()
        assert db.session.get(Riddle, riddle.id).closes_at == before
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_close_early_needs_csrf(app, client):
    riddle = make_riddle()
    desk = editor(client)
    assert desk.client.post(f"/redaktion/raetsel/{riddle.id}/beenden").status_code == 400
    db.session.rollback()
    assert db.session.get(Riddle, riddle.id).version == 1


def test_correcting_a_live_solution_keeps_solves_and_past_verdicts(app, client):
    """Existing solves stand, past guesses keep their verdict, new guesses use the new key."""
    riddle = make_riddle(slug="aus-der-boje", alternatives=[], near_misses=[])
    solver, tried, later = (Reader(app.test_client()) for _ in range(3))
    assert verdict_of(text_of(solver.guess(riddle.slug, "Kugelgrill"))) == "correct"
    assert verdict_of(text_of(tried.guess(riddle.slug, "Holzkohlegrill"))) == "wrong"
    desk = editor(client)
    data = riddle_data(version="1", solution="Holzkohlegrill", **{"alternatives-0-text": "",
                       "near_misses-0-phrase": "", "near_misses-0-nudge": ""})  # fmt: skip
    assert desk.post(f"/redaktion/raetsel/{riddle.id}", data).status_code == 303
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Solve)) == 1  # stands
    verdicts = db.session.scalars(sa.select(Guess.verdict).order_by(Guess.id)).all()
    assert verdicts == ["correct", "wrong"]  # not re-judged
    assert verdict_of(text_of(later.guess(riddle.slug, "Kugelgrill"))) == "wrong"
    assert verdict_of(text_of(later.guess(riddle.slug, "Holzkohlegrill"))) == "correct"
    # The player who already tried the new solution may still solve it now (a solve is
    # recorded although the same text was judged wrong before); the old wrong guess still
    # costs its penalty.
    assert verdict_of(text_of(tried.guess(riddle.slug, "Holzkohlegrill"))) == "correct"
    db.session.rollback()
    points = db.session.scalars(sa.select(Solve.points).order_by(Solve.id)).all()
    assert points == [100, 90, 90]  # each with one wrong guess after the first


def test_preview_shows_a_draft_as_readers_will_see_it(app, client):
    riddle = make_riddle(
        publish_at=None, closes_at=None, question="Entwurfsfrage?", explanation="Geheim erklärt"
    )
    desk = editor(client)
    body = text_of(desk.client.get(f"/redaktion/raetsel/{riddle.id}/vorschau"))
    widget = body.split('<div class="desk-preview" inert>')[1].split(
        '<section class="desk-solution"'
    )[0]
    assert "Entwurfsfrage?" in widget
    assert 'name="guess"' in widget  # as while live: the guess form
    assert "Tipp 1 freischalten" in widget
    assert "Kugelgrill" not in widget and "Geheim erklärt" not in widget
    assert "Er hat einen Deckel." not in widget  # hints stay locked
    solution_block = body.split('<section class="desk-solution"')[1]
    assert "Nur für die Redaktion: Lösung" in solution_block and "Kugelgrill" in solution_block


def test_preview_of_a_closed_riddle_shows_its_public_solution(app, client):
    riddle = make_closed_riddle()
    desk = editor(client)
    body = text_of(desk.client.get(f"/redaktion/raetsel/{riddle.id}/vorschau"))
    assert "Die Lösung: Brocken" in body.split('<section class="desk-solution"')[0]
    assert desk.client.get("/redaktion/raetsel/999/vorschau").status_code == 404
