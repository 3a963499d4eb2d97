"""The crossword desk: list, build (layout, locks, hand placement, marks), validation beside
the fields, lifecycle, version check, audit, preview and "Antwort testen"."""

from __future__ import annotations

import re

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Crossword
from harzquiz.rules.crossword_grid import validate
from tests.crossword_factories import make_crossword
from tests.desk_helpers import editor
from tests.factories import MONDAY
from tests.helpers import is_partial, text_of

BASE = "/redaktion/kreuzwortraetsel"
WORDS = [
    ("Brocken", "Höchster Berg des Harzes"),
    ("Goslar", "Kaiserstadt an der Gose"),
    ("Bode", "Fluss durch Thale"),
    ("Hexe", "Sie reitet in der Walpurgisnacht"),
]


def form_data(words=WORDS, **overrides) -> dict:
    """A crossword form with these answer-clue pairs (no positions yet)."""
    data = {
        "title": "Rund um den Harz",
        "slug": "rund-um-den-harz",
        "intro": "Berge und Orte.",
        "points": "100",
        "publish_at": "2026-11-23T08:00",
        "closes_at": "2026-11-30T08:00",
        "marked": "",
        "solution_word": "",
    }
    for index, (answer, clue) in enumerate(words):
        data[f"entries-{index}-answer"] = answer
        data[f"entries-{index}-clue"] = clue
        data[f"entries-{index}-direction"] = ""
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def fields_of(html: str) -> dict:
    """The form's text inputs and selected options as a dict (what a browser would send)."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        if name != "csrf_token" and not re.search(f'name="{name}" type="checkbox"', html):
            data[name] = value.replace("&#34;", '"').replace("&amp;", "&")
    for name, value in re.findall(
        r'<textarea[^>]*name="([^"]+)"[^>]*>\s*(.*?)</textarea>', html, re.S
    ):
        data[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body) or re.search(
            r'<option value="([^"]*)" selected', body
        )
        data[name] = chosen[1] if chosen else ""
    for name in re.findall(r'<input checked[^>]*name="([^"]+)"', html):
        data[name] = "y"
    return data


def stored() -> list[Crossword]:
    db.session.rollback()
    return db.session.scalars(sa.select(Crossword).order_by(Crossword.id)).all()


def laid_out(desk, path=f"{BASE}/neu", **overrides) -> dict:
    """Press "Anordnen" and return the form's fields as the answer shows them."""
    response = desk.post(path, {**form_data(**overrides), "row_action": "layout"})
    assert response.status_code == 200
    return fields_of(text_of(response))


def test_desk_nav_and_empty_list(client):
    desk = editor(client)
    page = text_of(desk.client.get(f"{BASE}/"))
    assert "Noch keine Kreuzworträtsel." in page
    assert f'href="{BASE}/"' in text_of(desk.client.get("/redaktion/"))


def test_readers_and_guests_are_refused(client, reader):
    assert client.get(f"{BASE}/").status_code in (302, 303)
    reader.open("/")
    from tests.helpers import log_in_as

    log_in_as(client, "reader")
    assert client.get(f"{BASE}/neu").status_code == 403


def test_layout_places_every_word_and_saving_stores_a_valid_grid(client):
    desk = editor(client)
    fields = laid_out(desk)
    for index in range(len(WORDS)):
        assert fields[f"entries-{index}-row"] and fields[f"entries-{index}-col"]
        assert fields[f"entries-{index}-direction"] in ("across", "down")
    assert stored() == []  # laying out stores nothing
    response = desk.post(f"{BASE}/neu", {**fields, "solution_word": ""})
    assert response.status_code == 303, text_of(response)
    (crossword,) = stored()
    assert validate(crossword.grid) == []
    assert {e.answer for e in crossword.grid.entries} == {"BROCKEN", "GOSLAR", "BODE", "HEXE"}
    assert crossword.publish_at is not None and crossword.publish_at.hour == 7  # Berlin 08:00
    entries = db.session.scalars(sa.select(AuditEntry)).all()
    assert [(e.action, e.target_type) for e in entries] == [
        ("created", "crossword"),
        ("published", "crossword"),
    ]


def test_unplaced_rows_are_errors_beside_the_answer(client):
    desk = editor(client)
    response = desk.post(f"{BASE}/neu", form_data())
    assert response.status_code == 422
    page = text_of(response)
    assert page.count("Noch ohne Platz im Gitter") == len(WORDS)
    assert 'id="entries-0-answer-errors"' in page
    assert stored() == []


def test_a_word_that_crosses_nothing_is_reported_by_the_layout(client):
    desk = editor(client)
    response = desk.post(
        f"{BASE}/neu", {**form_data([*WORDS, ("Zyx", "Kreuzt nichts")]), "row_action": "layout"}
    )
    page = text_of(response)
    assert "kreuzt hier kein anderes Wort" in page
    fields = fields_of(page)
    assert fields["entries-4-row"] == ""


def test_locked_entries_stay_put_when_laid_out_again(client):
    desk = editor(client)
    data = form_data(
        [("Brocken", "Berg"), ("Goslar", "Stadt"), ("Bode", "Fluss")],
        **{
            "entries-0-row": "3",
            "entries-0-col": "2",
            "entries-0-direction": "down",
            "entries-0-locked": "y",
        },
    )
    fields = fields_of(text_of(desk.post(f"{BASE}/neu", {**data, "row_action": "layout"})))
    assert (fields["entries-0-row"], fields["entries-0-col"]) == ("3", "2")
    assert fields["entries-0-direction"] == "down"
    assert fields["entries-1-row"] and fields["entries-2-row"]


def test_hand_placed_entries_with_a_wrong_crossing_are_refused_beside_the_field(client):
    desk = editor(client)
    data = form_data(
        [("Bode", "Fluss"), ("Elend", "Ort im Oberharz")],
        **{
            "entries-0-row": "1", "entries-0-col": "1", "entries-0-direction": "across",
            "entries-1-row": "1", "entries-1-col": "2", "entries-1-direction": "down",
        },
    )  # fmt: skip
    response = desk.post(f"{BASE}/neu", data)
    assert response.status_code == 422
    page = text_of(response)
    errors = page.split('id="entries-1-answer-errors"')[1].split("</ul>")[0]
    assert "Buchstaben passen nicht" in errors
    assert stored() == []
    # Down from BODE's E instead of its O: the crossing agrees.
    data.update({"entries-1-row": "1", "entries-1-col": "4"})
    response = desk.post(f"{BASE}/neu", data)
    assert response.status_code == 303, text_of(response)
    (crossword,) = stored()
    assert [e.label for e in crossword.grid.entries] == ["1 across", "2 down"]


def test_orphan_and_touching_entries_are_problems(client):
    desk = editor(client)
    data = form_data(
        [("Bode", "Fluss"), ("Hexe", "Sagengestalt")],
        **{
            "entries-0-row": "1", "entries-0-col": "1", "entries-0-direction": "across",
            "entries-1-row": "5", "entries-1-col": "1", "entries-1-direction": "across",
        },
    )  # fmt: skip
    page = text_of(desk.post(f"{BASE}/neu", data))
    assert "nicht mit dem Rest des Gitters verbunden" in page
    data.update({"entries-1-row": "2"})  # right below: side by side makes words without clue
    page = text_of(desk.post(f"{BASE}/neu", data))
    assert "ein Wort ohne Frage" in page
    assert 'id="grid-problems"' in page


def test_answers_without_a_cell_and_missing_clues(client):
    desk = editor(client)
    page = text_of(desk.post(f"{BASE}/neu", form_data([("B4", "Straße"), ("Bode", "")])))
    assert "„4“ hat kein Kästchen" in page
    assert "Bitte gib eine Frage zu dieser Antwort an." in page


def test_marking_the_solution_word_and_testing_it(client):
    desk = editor(client)
    fields = laid_out(desk, solution_word="Harz")
    fields["solution_word"] = "Boden"
    page = text_of(desk.post(f"{BASE}/neu", {**fields, "row_action": "mark"}))
    marked = fields_of(page)["marked"]
    assert len(marked.split()) == 5
    assert '<strong lang="de">BODEN</strong>' in page
    fields = fields_of(page)
    right = desk.post(
        f"{BASE}/neu", {**fields, "test_answer": "boden", "row_action": "test-answer"}, htmx=True
    )
    assert 'data-verdict="correct"' in text_of(right) and is_partial(text_of(right))
    wrong = desk.post(
        f"{BASE}/neu", {**fields, "test_answer": "Brocken", "row_action": "test-answer"}
    )
    assert 'data-verdict="wrong"' in text_of(wrong)
    assert stored() == []
    assert desk.post(f"{BASE}/neu", fields).status_code == 303
    assert stored()[0].grid.solution_word() == "BODEN"


def test_a_word_the_grid_cannot_spell(client):
    desk = editor(client)
    fields = laid_out(desk)
    page = text_of(
        desk.post(f"{BASE}/neu", {**fields, "solution_word": "QQQ", "row_action": "mark"})
    )
    assert "lässt sich dieses Lösungswort nicht bilden" in page


def test_marked_cells_outside_entries_are_refused(client):
    desk = editor(client)
    fields = laid_out(desk)
    response = desk.post(f"{BASE}/neu", {**fields, "marked": "15,15"})
    assert response.status_code == 422
    assert "liegt in keinem Eintrag" in text_of(response).split('id="marked-errors"')[1]
    response = desk.post(f"{BASE}/neu", {**fields, "marked": "drei"})
    assert response.status_code == 422 and "Zeile,Spalte" in text_of(response)


def test_rows_are_added_and_removed_without_javascript(client):
    desk = editor(client)
    page = text_of(desk.post(f"{BASE}/neu", {**form_data(), "row_action": "add-entries"}))
    assert 'name="entries-4-answer"' in page
    page = text_of(desk.post(f"{BASE}/neu", {**form_data(), "row_action": "remove-entries-0"}))
    assert "Brocken" not in page.split('id="entries-rows"')[1].split("</fieldset>")[0]
    assert desk.post(f"{BASE}/neu", {**form_data(), "row_action": "remove-x"}).status_code == 400


def test_edit_keeps_the_grid_and_checks_the_version(client):
    crossword = make_crossword(title="Harz-Kreuzwort")
    desk = editor(client)
    page = text_of(desk.client.get(f"{BASE}/{crossword.id}"))
    fields = fields_of(page)
    assert fields["version"] == "1"
    assert fields["solution_word"] == "HARZ"
    fields["title"] = "Neuer Titel"
    assert desk.post(f"{BASE}/{crossword.id}", fields).status_code == 303
    (saved,) = stored()
    assert saved.title == "Neuer Titel" and saved.version == 2
    assert saved.grid == crossword.grid or validate(saved.grid) == []
    stale = desk.post(f"{BASE}/{crossword.id}", {**fields, "title": "Zu spät"})
    assert stale.status_code == 409
    assert "von jemand anderem gespeichert" in text_of(stale)
    assert stored()[0].title == "Neuer Titel"
    changed = [e for e in db.session.scalars(sa.select(AuditEntry)) if e.action == "changed"]
    assert [e.detail for e in changed] == ["title"]


def test_schedule_overlap_and_slug_are_checked(client):
    make_crossword(slug="schon-da")
    desk = editor(client)
    fields = laid_out(desk)
    response = desk.post(f"{BASE}/neu", {**fields, "slug": "schon-da"})
    assert response.status_code == 422
    page = text_of(response)
    assert "Diesen Kurznamen hat schon ein anderes Kreuzworträtsel." in page
    assert "Es darf immer nur ein Kreuzworträtsel live sein." in page
    response = desk.post(
        f"{BASE}/neu", {**fields, "closes_at": "2026-11-29T08:00", "publish_at": "2026-11-30T08:00"}
    )
    assert "Das Ende muss nach der Veröffentlichung liegen." in text_of(response)


def test_draft_and_prize_flag(client):
    desk = editor(client)
    fields = laid_out(desk)
    fields.update(publish_at="", closes_at="", is_prize="y", slug="gewinnspiel")
    assert desk.post(f"{BASE}/neu", fields).status_code == 303
    (crossword,) = stored()
    assert crossword.is_prize and crossword.publish_at is None
    page = text_of(desk.client.get(f"{BASE}/"))
    assert 'data-status="draft"' in page


def test_htmx_gets_the_form_partial_and_a_redirect_after_saving(client):
    desk = editor(client)
    response = desk.post(f"{BASE}/neu", {**form_data(), "row_action": "layout"}, htmx=True)
    assert is_partial(text_of(response)) and 'id="crossword-form"' in text_of(response)
    fields = fields_of(text_of(response))
    saved = desk.post(f"{BASE}/neu", fields, htmx=True)
    assert saved.headers["HX-Redirect"].startswith(f"{BASE}/")


def test_preview_shows_answers_and_the_solution_to_the_editor(client):
    crossword = make_crossword(title="Vorschau-Kreuzwort")
    desk = editor(client)
    page = text_of(desk.client.get(f"{BASE}/{crossword.id}/vorschau"))
    assert "HARZERROLLER" in page and "Singender Kanarienvogel" in page
    assert '<dd lang="de">HARZ</dd>' in page
    assert f'href="/kreuzwortraetsel/{crossword.slug}"' in page
    assert desk.client.get(f"{BASE}/9999/vorschau").status_code == 404


def test_close_early(client):
    crossword = make_crossword()
    desk = editor(client)
    assert desk.post(f"{BASE}/{crossword.id}/beenden").status_code == 303
    (closed,) = stored()
    assert closed.closes_at is not None and closed.closes_at < MONDAY.replace(day=30, hour=12)
    assert desk.post(f"{BASE}/{crossword.id}/beenden").status_code == 303  # not live: a flash
    actions = [e.action for e in db.session.scalars(sa.select(AuditEntry))]
    assert actions == ["closed"]
