"""The crossword page and its actions through the Flask client: full page, htmx, no JS."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import CrosswordProgress
from harzquiz.rules.scoring import (
    CROSSWORD_GRID_CHECK_COST,
    CROSSWORD_REVEAL_COST,
    CROSSWORD_WORD_CHECK_COST,
)
from tests.clients import Reader
from tests.crossword_factories import make_crossword
from tests.factories import MONDAY, NOW, make_partner
from tests.helpers import follow, text_of


def form_of(letters: dict) -> dict:
    return {f"z-{r}-{c}": letter for (r, c), letter in letters.items()}


def page(slug: str) -> str:
    return f"/kreuzwortraetsel/{slug}"


def progress() -> CrosswordProgress:
    db.session.rollback()
    row = db.session.scalar(sa.select(CrosswordProgress))
    assert row is not None
    return row


def values_in(html: str) -> dict[str, str]:
    """The value of every cell input on the page."""
    return dict(re.findall(r'name="(z-\d+-\d+)" value="([^"]*)"', html))


def test_the_page_shows_the_grid_with_empty_cells_and_accessible_names(app, client):
    crossword = make_crossword()
    html = text_of(client.get(page(crossword.slug)))
    cells = values_in(html)
    assert len(cells) == len(crossword.grid.letters())
    assert set(cells.values()) == {""}  # no letter of the answers reaches the reader
    entry = crossword.grid.entries[0]
    name = "waagerecht" if entry.direction.value == "across" else "senkrecht"
    assert (
        f"{entry.number} {name}: {entry.clue}, {len(entry.answer)} Buchstaben, Buchstabe 1" in html
    )
    assert "Lösungswort, Buchstabe 1" in html
    assert f'id="xw-{crossword.slug}-clue-{entry.number}-{entry.direction.value}"' in html
    assert '<ol class="xw-cluelist">' in html


def test_unknown_draft_and_scheduled_crosswords_are_404(app, client):
    draft = make_crossword(publish_at=None, closes_at=None)
    scheduled = make_crossword(publish_at=NOW + timedelta(days=1))
    for slug in (draft.slug, scheduled.slug, "gibt-es-nicht"):
        assert client.get(page(slug)).status_code == 404


def test_without_javascript_the_form_saves_and_the_solve_earns_full_points(app, client):
    crossword = make_crossword()
    reader = Reader(client)
    reader.open(page(crossword.slug))
    letters = crossword.grid.letters()
    first, *rest = sorted(letters)
    response = reader.post(
        page(crossword.slug) + "/speichern", form_of({first: letters[first].lower()})
    )
    again = follow(reader, response)
    assert values_in(text_of(again))[f"z-{first[0]}-{first[1]}"] == letters[first]
    assert "Gespeichert." in text_of(again)
    response = reader.post(page(crossword.slug) + "/speichern", form_of(letters))
    solved = text_of(follow(reader, response))
    assert "Gelöst! Dafür bekommst du 100 Punkte." in solved
    assert crossword.grid.solution_word() in solved  # shown once solved
    assert progress().points == 100 and progress().solved_at == NOW


def test_htmx_save_answers_only_the_saved_note(app, client):
    crossword = make_crossword()
    reader = Reader(client)
    reader.open(page(crossword.slug))
    cell = sorted(crossword.grid.letters())[0]
    response = reader.post(page(crossword.slug) + "/speichern", form_of({cell: "x"}), htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Reswap"] == "none"
    assert f'id="xw-{crossword.slug}-saved" data-hx-swap-oob="true">Gespeichert' in text_of(
        response
    )
    assert "<table" not in text_of(response)


def test_checks_mark_wrong_letters_without_telling_right_ones_and_cost(app, client):
    crossword = make_crossword()
    reader = Reader(client)
    reader.open(page(crossword.slug))
    letters = crossword.grid.letters()
    entry = crossword.grid.entries[0]
    wrong_cell = entry.cells[0]
    wrong_letter = "Q" if letters[wrong_cell] != "Q" else "X"
    typed = {wrong_cell: wrong_letter}
    response = reader.post(
        page(crossword.slug) + "/wort-pruefen", {**form_of(typed), "wort": entry.label}, htmx=True
    )
    html = text_of(response)
    assert "1 Buchstabe ist falsch (markiert)." in html
    assert 'aria-invalid="true"' in html and html.count('aria-invalid="true"') == 1
    assert set(values_in(html).values()) == {"", wrong_letter}  # nothing right is told
    response = reader.post(page(crossword.slug) + "/pruefen", form_of(typed))
    checked = text_of(follow(reader, response))
    assert "Rätsel geprüft:" in checked and checked.count('aria-invalid="true"') == 1
    row = progress()
    assert (row.word_checks, row.grid_checks) == (1, 1)
    now = 100 - CROSSWORD_WORD_CHECK_COST - CROSSWORD_GRID_CHECK_COST
    assert f"Ein vollständig gelöstes Gitter bringt jetzt {now} Punkte." in checked


def test_reveal_by_cell_and_by_entry_costs_and_a_right_letter_is_refused(app, client):
    crossword = make_crossword()
    reader = Reader(client)
    reader.open(page(crossword.slug))
    letters = crossword.grid.letters()
    entry = crossword.grid.entries[0]
    cell = entry.cells[1]
    response = reader.post(
        page(crossword.slug) + "/aufdecken",
        {"zelle": f"{cell[0]}-{cell[1]}", "ziel": "zelle"},
        htmx=True,
    )
    assert values_in(text_of(response))[f"z-{cell[0]}-{cell[1]}"] == letters[cell]
    response = reader.post(
        page(crossword.slug) + "/aufdecken", {"wort": entry.label, "ziel": "wort"}
    )
    revealed = values_in(text_of(follow(reader, response)))
    first = entry.cells[0]
    assert revealed[f"z-{first[0]}-{first[1]}"] == letters[first]
    assert progress().reveals == 2
    refused = reader.post(
        page(crossword.slug) + "/aufdecken",
        {**form_of({cell: letters[cell]}), "zelle": f"{cell[0]}-{cell[1]}", "ziel": "zelle"},
        htmx=True,
    )
    assert refused.status_code == 422 and "stimmt schon" in text_of(refused)
    assert progress().reveals == 2
    value = 100 - 2 * CROSSWORD_REVEAL_COST
    rest = reader.post(page(crossword.slug) + "/speichern", form_of(letters), htmx=True)
    assert rest.headers["HX-Retarget"] == f"#xw-{crossword.slug}-play"
    assert f"{value} Punkte in der Rangliste" in text_of(rest)
    assert progress().points == value


def test_the_solution_word_fills_the_marked_cells(app, client):
    crossword = make_crossword()
    reader = Reader(client)
    reader.open(page(crossword.slug))
    response = reader.post(page(crossword.slug) + "/loesungswort", {"loesungswort": "harz"})
    cells = values_in(text_of(follow(reader, response)))
    marked = [cells[f"z-{r}-{c}"] for r, c in crossword.grid.marked]
    assert "".join(marked) == "HARZ"
    too_long = reader.post(page(crossword.slug) + "/loesungswort", {"loesungswort": "x" * 41})
    assert too_long.status_code == 422


def test_a_solved_crossword_refuses_more_actions_and_shares_no_letters(app, client):
    crossword = make_crossword()
    reader = Reader(client)
    reader.open(page(crossword.slug))
    letters = crossword.grid.letters()
    reader.post(page(crossword.slug) + "/speichern", form_of(letters))
    html = text_of(client.get(page(crossword.slug)))
    share = re.search(r'class="quiz-share__text" readonly rows="4">([^<]*)<', html)
    assert share and "Gelöst" in share[1] and "0 Prüfungen" in share[1]
    for entry in crossword.grid.entries:
        assert entry.answer not in share[1]
    again = reader.post(page(crossword.slug) + "/pruefen", form_of(letters), htmx=True)
    assert again.status_code == 409
    assert progress().grid_checks == 0


def test_after_the_close_the_solution_shows_and_a_solve_earns_nothing(app, client):
    crossword = make_crossword(
        publish_at=MONDAY - timedelta(days=14), closes_at=MONDAY - timedelta(days=7)
    )
    html = text_of(client.get(page(crossword.slug)))
    assert "Die Lösung" in html and crossword.grid.solution_word() in html
    reader = Reader(client)
    reader.open(page(crossword.slug))
    reader.post(page(crossword.slug) + "/speichern", form_of(crossword.grid.letters()))
    assert progress().points == 0 and progress().solved_at is not None


def test_refused_input_stores_nothing(app, client):
    crossword = make_crossword()
    reader = Reader(client)
    reader.open(page(crossword.slug))
    response = reader.post(page(crossword.slug) + "/wort-pruefen", {"wort": "99 across"}, htmx=True)
    assert response.status_code == 422
    response = reader.post(page(crossword.slug) + "/aufdecken", {"zelle": "x"})
    assert response.status_code == 422
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CrosswordProgress)) == 0


def test_the_htmx_page_request_gets_the_play_area_and_varies(app, client):
    crossword = make_crossword()
    response = client.get(page(crossword.slug), headers={"HX-Request": "true"})
    html = text_of(response)
    assert html.lstrip().startswith(f'<div class="crossword__play" id="xw-{crossword.slug}-play">')
    assert "HX-Request" in response.headers["Vary"]
    assert "HX-Request" in client.get(page(crossword.slug)).headers["Vary"]


def test_the_crossword_plays_inside_a_partner_embed(app, client):
    crossword, partner = make_crossword(), make_partner()
    base = f"/embed/{partner.embed_key}/kreuzwortraetsel/{crossword.slug}"
    response = client.get(base)
    assert response.status_code == 200
    assert "frame-ancestors https://zeitung.example" in response.headers["Content-Security-Policy"]
    html = text_of(response)
    assert f'action="/embed/{partner.embed_key}/kreuzwortraetsel/{crossword.slug}/speichern' in html
    reader = Reader(client)
    reader.open(base)
    letters = crossword.grid.letters()
    saved = reader.post(f"{base}/speichern", form_of(letters))
    assert saved.headers["Location"].startswith(base)
    solved = text_of(client.get(saved.headers["Location"]))
    assert "100 Punkte in der Rangliste" in solved
    # The share text links the site's page, never the embed URL (it may carry a token).
    assert f"http://localhost/kreuzwortraetsel/{crossword.slug}" in solved
    assert progress().points == 100
