"""The editor desk's riddle list and riddle form: saving, validation, rows, versions."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Article, AuditEntry, Hint, Riddle
from tests.clients import Reader
from tests.desk_helpers import editor, riddle_data
from tests.factories import MONDAY, make_article, make_closed_riddle, make_player, make_riddle
from tests.helpers import is_partial, text_of


def stored_riddles() -> list[Riddle]:
    db.session.rollback()
    return db.session.scalars(sa.select(Riddle).order_by(Riddle.id)).all()


def test_list_shows_every_status_and_the_counts(app, client):
    live = make_riddle(title="Live-Rätsel")
    make_closed_riddle(title="Altes Rätsel")
    make_riddle(title="Entwurfsrätsel", publish_at=None, closes_at=None)
    make_riddle(title="Geplantes Rätsel", publish_at=MONDAY.replace(year=2027), closes_at=None)
    players = [Reader(app.test_client()) for _ in range(3)]
    players[0].guess(live.slug, "Boje")
    players[0].guess(live.slug, "Kugelgrill")
    players[1].guess(live.slug, "Boje")
    players[2].open("/")
    players[2].post(f"/raetsel/{live.slug}/loesung", htmx=True)
    desk = editor(client)
    page = text_of(desk.client.get("/redaktion/"))
    for status in ('data-status="live"', 'data-status="closed"', 'data-status="draft"',
                   'data-status="scheduled"'):  # fmt: skip
        assert status in page
    row = page[page.index("Live-Rätsel") :].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split('<td class="num"')[1:]]
    assert cells == ["3", "3", "1", "1", "33 %"]  # players, guesses, solves, reveals, rate


def test_list_is_one_query_whatever_the_number_of_riddles(app, client):
    for _ in range(5):
        make_closed_riddle()
    desk = editor(client)
    statements = []
    from sqlalchemy import event

    def count(*_args):
        statements.append(_args[2])

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert desk.client.get("/redaktion/").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    riddle_queries = [s for s in statements if "FROM riddle" in s]
    assert len(riddle_queries) == 1


def test_create_a_riddle_stores_everything_in_utc(app, client):
    article = make_article()
    desk = editor(client)
    response = desk.post("/redaktion/raetsel/neu", riddle_data(article_id=str(article.id)))
    assert response.status_code == 303
    (riddle,) = stored_riddles()
    assert response.headers["Location"] == f"/redaktion/raetsel/{riddle.id}"
    assert riddle.alternatives == ["Weber-Grill"]
    assert riddle.near_misses == [{"phrase": "Grill", "nudge": "Welcher Grill genau?"}]
    assert [(h.position, h.text, h.cost) for h in riddle.hints] == [
        (1, "Er hat einen Deckel.", 20), (2, "Er ist rund.", 30)]  # fmt: skip
    assert riddle.publish_at == datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # 08:00 CET
    assert riddle.closes_at == datetime(2026, 11, 30, 7, 0, tzinfo=UTC)
    assert db.session.get(Article, article.id).riddle_id == riddle.id
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["created", "published"]


def test_summer_time_is_respected(app, client):
    desk = editor(client)
    data = riddle_data(publish_at="2027-07-01T08:00", closes_at="")
    assert desk.post("/redaktion/raetsel/neu", data).status_code == 303
    assert stored_riddles()[0].publish_at == datetime(2027, 7, 1, 6, 0, tzinfo=UTC)  # CEST


def test_htmx_save_redirects_with_hx_redirect(app, client):
    desk = editor(client)
    response = desk.post(
        "/redaktion/raetsel/neu", riddle_data(publish_at="", closes_at=""), htmx=True
    )
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/redaktion/raetsel/")


BAD_INPUT = [
    ({"title": ""}, "Bitte fülle „Titel“ aus."),
    ({"title": "x" * 121}, "Höchstens 120 Zeichen."),
    ({"slug": "Mit Leerzeichen"}, "Nur Kleinbuchstaben"),
    ({"slug": "x" * 81}, "Höchstens 80 Zeichen."),
    ({"question": "x" * 2001}, "Höchstens 2000 Zeichen."),
    ({"solution": ""}, "Bitte fülle „Lösung“ aus."),
    ({"solution": "x" * 201}, "Höchstens 200 Zeichen."),
    ({"explanation": "x" * 4001}, "Höchstens 4000 Zeichen."),
    ({"alternatives-0-text": "x" * 201}, "Höchstens 200 Zeichen."),
    ({"near_misses-0-nudge": ""}, "Bitte gib einen Schubs für diese Antwort an."),
    ({"hints-0-text": "x" * 501}, "Höchstens 500 Zeichen."),
    ({"hints-0-cost": "-1"}, "Zwischen 0 und 1000 Punkten."),
    ({"points": "0"}, "Zwischen 1 und 1000 Punkten."),
    ({"points": "viele"}, "Bitte gib eine ganze Zahl an."),
    ({"points": ""}, "Bitte gib die Punkte an."),
    ({"publish_at": "morgen"}, "Bitte gib Datum und Uhrzeit an"),
    ({"closes_at": "2026-11-22T08:00"}, "Das Ende muss nach der Veröffentlichung liegen."),
    ({"publish_at": ""}, "Ohne Veröffentlichungszeit kann es kein Ende geben."),
    ({"article_id": "999"}, "Bitte wähle einen Eintrag aus der Liste."),
]


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("override,message", BAD_INPUT)
def test_bad_input_is_refused_inline_and_stores_nothing(app, client, override, message, htmx):
    desk = editor(client)
    response = desk.post("/redaktion/raetsel/neu", riddle_data(**override), htmx=htmx)
    body = text_of(response)
    assert response.status_code == 422
    assert message in body
    assert 'aria-invalid="true"' in body
    assert is_partial(body) is htmx
    assert stored_riddles() == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_duplicate_slug_is_refused_with_a_clear_message(app, client):
    make_riddle(slug="aus-der-boje", publish_at=None, closes_at=None)
    desk = editor(client)
    response = desk.post("/redaktion/raetsel/neu", riddle_data())
    assert response.status_code == 422
    assert "Diesen Kurznamen hat schon ein anderes Rätsel." in text_of(response)
    assert len(stored_riddles()) == 1


def test_overlapping_live_windows_are_refused(app, client):
    make_riddle(title="Diese Woche")  # live Monday to Monday
    desk = editor(client)
    response = desk.post("/redaktion/raetsel/neu", riddle_data(slug="zweites"))
    assert response.status_code == 422
    assert "Überschneidet sich mit „Diese Woche“" in text_of(response)
    # Starting when the other one closes is fine: windows are half-open.
    later = riddle_data(slug="naechstes", publish_at="2026-11-30T06:00", closes_at="")
    assert desk.post("/redaktion/raetsel/neu", later).status_code == 303


def test_open_ended_riddle_blocks_any_later_window(app, client):
    make_riddle(title="Ohne Ende", closes_at=None)
    desk = editor(client)
    later = riddle_data(publish_at="2027-01-04T08:00", closes_at="")
    assert "Überschneidet sich mit „Ohne Ende“" in text_of(
        desk.post("/redaktion/raetsel/neu", later)
    )


def test_a_riddle_may_keep_its_own_window_when_edited(app, client):
    riddle = make_riddle()
    desk = editor(client)
    data = riddle_data(slug=riddle.slug, publish_at="2026-11-23T06:00", version="1",
                       closes_at="2026-11-30T06:00", title="Neuer Titel")  # fmt: skip
    assert desk.post(f"/redaktion/raetsel/{riddle.id}", data).status_code == 303
    assert stored_riddles()[0].title == "Neuer Titel"


@pytest.mark.parametrize("htmx", [False, True])
def test_add_and_remove_rows_without_saving(app, client, htmx):
    desk = editor(client)
    added = desk.post("/redaktion/raetsel/neu", riddle_data(row_action="add-hints"), htmx=htmx)
    body = text_of(added)
    assert added.status_code == 200
    assert 'id="hints-2-text"' in body and 'value="Er ist rund."' in body
    new_input = re.search(r'<input[^>]*id="hints-2-text"[^>]*>', body).group(0)
    assert ("data-focus-after-swap" if htmx else "autofocus") in new_input
    removed = desk.post(
        "/redaktion/raetsel/neu", riddle_data(row_action="remove-hints-0"), htmx=htmx
    )
    body = text_of(removed)
    assert "Er hat einen Deckel." not in body
    assert 'id="hints-0-text"' in body and 'value="Er ist rund."' in body
    assert 'id="hints-1-text"' not in body
    assert stored_riddles() == []


def test_rows_have_a_limit(app, client):
    desk = editor(client)
    data = riddle_data(
        **{f"hints-{n}-text": f"Tipp {n}" for n in range(10)}, row_action="add-hints"
    )
    body = text_of(desk.post("/redaktion/raetsel/neu", data))
    assert 'id="hints-9-text"' in body and 'id="hints-10-text"' not in body
    assert 'id="add-hints"' not in body


def test_unknown_row_action_is_a_bad_request(app, client):
    desk = editor(client)
    response = desk.post("/redaktion/raetsel/neu", riddle_data(row_action="add-users"))
    assert response.status_code == 400
    assert stored_riddles() == []


def test_blank_rows_are_ignored_on_save(app, client):
    desk = editor(client)
    data = riddle_data(**{"alternatives-1-text": "  ", "hints-2-text": "", "hints-2-cost": "10"})
    assert desk.post("/redaktion/raetsel/neu", data).status_code == 303
    riddle = stored_riddles()[0]
    assert riddle.alternatives == ["Weber-Grill"] and len(riddle.hints) == 2


def test_second_editor_saving_the_same_riddle_is_told_and_overwrites_nothing(app, client):
    riddle = make_riddle(slug="aus-der-boje")
    first, second = editor(client), editor(app.test_client())
    form_first = text_of(first.client.get(f"/redaktion/raetsel/{riddle.id}"))
    assert 'name="version" type="hidden" value="1"' in form_first
    saved = first.post(f"/redaktion/raetsel/{riddle.id}", riddle_data(version="1", title="Erste"))
    assert saved.status_code == 303
    late = second.post(f"/redaktion/raetsel/{riddle.id}", riddle_data(version="1", title="Zweite"))
    assert late.status_code == 409
    assert "inzwischen von jemand anderem gespeichert" in text_of(late)
    assert 'value="Zweite"' in text_of(late)  # the second editor's text is not lost
    (stored,) = stored_riddles()
    assert (stored.title, stored.version) == ("Erste", 2)


def test_a_race_between_check_and_update_is_caught_by_the_version_column(app):
    """The UPDATE itself checks the version: a save based on a stale row writes nothing."""
    from harzquiz.services import editing

    riddle = make_riddle()
    stale_values = editing.RiddleValues(
        title="Veraltet", slug=riddle.slug, question="F?", solution="Kugelgrill",
        publish_at=riddle.publish_at, closes_at=riddle.closes_at,
    )  # fmt: skip
    with db.engine.begin() as other_editor:  # another connection, as another request would be
        other_editor.execute(
            sa.update(Riddle.__table__).where(Riddle.id == riddle.id).values(version=2, title="Neu")
        )
    assert editing.save_riddle(riddle, stale_values, None) is None
    assert stored_riddles()[0].title == "Neu"


def test_editing_hints_keeps_unlocks_of_kept_positions(app, client):
    from harzquiz.models import HintUnlock

    riddle = make_riddle(slug="aus-der-boje")
    player = make_player()
    first_hint = riddle.hints[0]
    db.session.add(HintUnlock(player_id=player.id, hint_id=first_hint.id))
    db.session.commit()
    desk = editor(client)
    data = riddle_data(version="1", **{"hints-0-text": "Neuer erster Tipp", "hints-1-text": ""})
    assert desk.post(f"/redaktion/raetsel/{riddle.id}", data).status_code == 303
    db.session.rollback()
    hints = db.session.scalars(sa.select(Hint).where(Hint.riddle_id == riddle.id)).all()
    assert [(h.id, h.text) for h in hints] == [(first_hint.id, "Neuer erster Tipp")]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HintUnlock)) == 1


def test_unknown_riddle_is_404(app, client):
    desk = editor(client)
    assert desk.client.get("/redaktion/raetsel/999").status_code == 404
    assert desk.post("/redaktion/raetsel/999", riddle_data()).status_code == 404


def test_form_without_csrf_is_refused(app, client):
    desk = editor(client)
    response = desk.client.post(
        "/redaktion/raetsel/neu",
        data=riddle_data(),
    )
    assert response.status_code == 400
    assert stored_riddles() == []


def test_saving_with_an_article_that_was_deleted_meanwhile_links_nothing(app):
    """The form offered the article, another editor deleted it before the save arrived."""
    from harzquiz.services import editing

    gone = make_article(slug="weg")
    gone_id = gone.id
    db.session.delete(gone)
    db.session.commit()
    values = editing.RiddleValues(
        title="T", slug="verwaist", question="Q?", solution="A", article_id=gone_id
    )
    riddle = editing.save_riddle(None, values, actor=None)
    assert riddle is not None
    assert editing.riddle_article_id(riddle) is None
