"""The desk's riddle flow: confirmation steps, "Nächstes Rätsel planen", publish now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Riddle
from tests.desk_helpers import editor
from tests.factories import MONDAY, NOW, make_riddle
from tests.helpers import text_of

# Saturday 28 November 2026, 08:00 in Berlin (winter time) is 07:00 UTC.
SATURDAY_BERLIN = "2026-11-28T08:00"
SATURDAY_UTC = datetime(2026, 11, 28, 7, 0, tzinfo=UTC)


def stored(riddle_id: int) -> Riddle:
    db.session.rollback()
    riddle = db.session.get(Riddle, riddle_id)
    assert riddle is not None
    return riddle


def audit_entries() -> list[AuditEntry]:
    return list(db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def test_close_early_asks_first_and_the_question_changes_nothing(app, client):
    riddle = make_riddle(title="Live-Rätsel")
    desk = editor(client)
    listing = desk.client.get("/redaktion/").get_data(as_text=True)
    assert f'href="/redaktion/raetsel/{riddle.id}/beenden"' in listing  # a link, not a button
    page = desk.client.get(f"/redaktion/raetsel/{riddle.id}/beenden")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Rätsel jetzt beenden?" in html
    assert f'action="/redaktion/raetsel/{riddle.id}/beenden"' in html
    assert stored(riddle.id).closes_at == MONDAY + timedelta(days=7)
    assert audit_entries() == []
    assert desk.post(f"/redaktion/raetsel/{riddle.id}/beenden").status_code == 303
    assert stored(riddle.id).closes_at == NOW


def test_planning_the_next_riddle_ends_the_current_one_then(app, client):
    live = make_riddle(title="Diese Woche", closes_at=None)  # open-ended
    draft = make_riddle(title="Nächste Woche", publish_at=None, closes_at=None)
    desk = editor(client)
    form = desk.client.get(f"/redaktion/raetsel/planen?raetsel={draft.id}").get_data(as_text=True)
    assert "Läuft gerade: „Diese Woche“" in form
    assert f'<option selected value="{draft.id}">' in form
    assert f'value="{live.id}"' not in form  # the live riddle is not offered
    response = desk.post(
        "/redaktion/raetsel/planen", {"riddle_id": draft.id, "publish_at": SATURDAY_BERLIN}
    )
    assert response.status_code == 303
    assert stored(live.id).closes_at == SATURDAY_UTC
    planned = stored(draft.id)
    assert (planned.publish_at, planned.closes_at) == (SATURDAY_UTC, None)
    [entry] = audit_entries()
    assert (entry.action, entry.target_id) == ("published", draft.id)
    assert live.slug in entry.detail
    assert "„Nächste Woche“ ist geplant." in text_of(desk.client.get("/redaktion/"))


def test_planning_shortens_a_current_riddle_that_would_run_longer(app, client):
    live = make_riddle()  # until next Monday
    draft = make_riddle(publish_at=None, closes_at=None)
    desk = editor(client)
    desk.post("/redaktion/raetsel/planen", {"riddle_id": draft.id, "publish_at": SATURDAY_BERLIN})
    assert stored(live.id).closes_at == SATURDAY_UTC
    assert stored(draft.id).publish_at == SATURDAY_UTC


def test_planning_refuses_the_past_and_overlaps_and_changes_nothing(app, client):
    live = make_riddle(closes_at=None)
    draft = make_riddle(publish_at=None, closes_at=None)
    make_riddle(publish_at=SATURDAY_UTC + timedelta(days=1), closes_at=None)  # Sunday on
    desk = editor(client)
    for when, message in (
        ("2026-11-20T08:00", "liegt in der Vergangenheit"),
        ("2026-11-29T08:00", "läuft schon ein anderes geplantes Rätsel"),  # Sunday's start
        ("", "Bitte gib an, wann das Rätsel erscheint."),
    ):
        response = desk.post(
            "/redaktion/raetsel/planen", {"riddle_id": draft.id, "publish_at": when}
        )
        assert response.status_code == 422
        html = response.get_data(as_text=True)
        assert message in html
        assert 'id="publish_at-errors"' in html  # beside its field
        assert stored(live.id).closes_at is None
        assert stored(draft.id).publish_at is None
    assert audit_entries() == []


def test_planning_refuses_a_riddle_that_is_not_a_draft_or_scheduled(app, client):
    live = make_riddle()
    desk = editor(client)
    response = desk.post(
        "/redaktion/raetsel/planen", {"riddle_id": live.id, "publish_at": SATURDAY_BERLIN}
    )
    assert response.status_code == 422
    assert stored(live.id).publish_at == MONDAY


def test_publish_now_asks_first_then_publishes_and_ends_the_live_riddle(app, client):
    live = make_riddle(title="Diese Woche")
    scheduled = make_riddle(
        title="Später", publish_at=NOW + timedelta(days=3), closes_at=NOW + timedelta(days=10)
    )
    desk = editor(client)
    page = desk.client.get(f"/redaktion/raetsel/{scheduled.id}/veroeffentlichen")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "„Diese Woche“ endet dann" in html
    assert stored(scheduled.id).publish_at == NOW + timedelta(days=3)
    response = desk.post(f"/redaktion/raetsel/{scheduled.id}/veroeffentlichen")
    assert response.status_code == 303
    assert stored(live.id).closes_at == NOW
    published = stored(scheduled.id)
    assert (published.publish_at, published.closes_at) == (NOW, NOW + timedelta(days=10))
    assert client.get("/").get_data(as_text=True).count("Später") >= 1


def test_publish_now_and_plan_need_csrf(app, client):
    draft = make_riddle(publish_at=None, closes_at=None)
    desk = editor(client)
    assert desk.client.post(f"/redaktion/raetsel/{draft.id}/veroeffentlichen").status_code == 400
    data = {"riddle_id": draft.id, "publish_at": SATURDAY_BERLIN}
    assert desk.client.post("/redaktion/raetsel/planen", data=data).status_code == 400
    assert stored(draft.id).publish_at is None


def test_planning_chains_to_a_riddle_scheduled_later(app, client):
    live = make_riddle(closes_at=None)
    draft = make_riddle(publish_at=None, closes_at=None)
    sunday = make_riddle(publish_at=SATURDAY_UTC + timedelta(days=1), closes_at=None)
    desk = editor(client)
    desk.post("/redaktion/raetsel/planen", {"riddle_id": draft.id, "publish_at": SATURDAY_BERLIN})
    assert stored(live.id).closes_at == SATURDAY_UTC
    planned = stored(draft.id)
    assert (planned.publish_at, planned.closes_at) == (
        SATURDAY_UTC,
        SATURDAY_UTC + timedelta(days=1),
    )
    assert stored(sunday.id).publish_at == SATURDAY_UTC + timedelta(days=1)  # untouched


def test_planning_ends_every_riddle_still_live_then(app, client):
    first, second = make_riddle(closes_at=None), make_riddle(closes_at=None)  # two live at once
    draft = make_riddle(publish_at=None, closes_at=None)
    desk = editor(client)
    desk.post("/redaktion/raetsel/planen", {"riddle_id": draft.id, "publish_at": SATURDAY_BERLIN})
    assert stored(first.id).closes_at == stored(second.id).closes_at == SATURDAY_UTC
    assert stored(draft.id).publish_at == SATURDAY_UTC
