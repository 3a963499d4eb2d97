"""Hints and "Lösung anzeigen" through the Flask client, with htmx and without JavaScript,
and where htmx puts the answers to every riddle action."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player, Reveal, Solve
from tests.clients import Reader
from tests.factories import make_closed_riddle, make_riddle
from tests.helpers import (
    HTMX,
    assert_not_retargeted,
    assert_retargeted,
    follow,
    is_partial,
    row_counts,
    text_of,
    verdict_of,
)

HINT_1 = "Er hat einen Deckel."
HINT_2 = "Er ist rund."
SOLUTION = "Kugelgrill"
EXPLANATION = "1952 aus einer halben Boje gebaut."
CONFIRM = "Willst du die Lösung wirklich sehen?"


def unlock(reader, slug: str, position: int, htmx: bool = True):
    return reader.post(f"/raetsel/{slug}/tipps/{position}", htmx=htmx)


# --- hints ---------------------------------------------------------------------------------


def test_hint_texts_stay_hidden_until_unlocked(app, reader):
    riddle = make_riddle()
    page = text_of(reader.open(f"/raetsel/{riddle.slug}"))
    assert HINT_1 not in page
    assert HINT_2 not in page
    assert "Tipp 1 freischalten (kostet 20 Punkte)" in page
    assert "100 von 100" in page
    # A wrong guess does not leak them either.
    assert HINT_1 not in text_of(reader.guess(riddle.slug, "Boje"))
    home = text_of(reader.client.get("/"))
    assert HINT_1 not in home
    assert HINT_2 not in home


def test_unlocking_hint_1_shows_it_and_the_new_value(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = unlock(reader, riddle.slug, 1)
    body = text_of(response)
    assert response.status_code == 200
    assert "<html" not in body
    assert "data-hx-swap-oob" not in body  # the form swaps the play area itself
    assert HINT_1 in body
    assert HINT_2 not in body
    assert "80 von 100" in body
    assert "Tipp 2 freischalten (kostet 30 Punkte)" in body
    assert f'id="hint-{riddle.slug}-1" lang="de" tabindex="-1" data-focus-after-swap' in body
    assert "HX-Trigger" not in response.headers
    # The page shows it from now on, with the reduced value.
    page = text_of(reader.client.get(f"/raetsel/{riddle.slug}"))
    assert HINT_1 in page
    assert HINT_2 not in page
    assert "80 von 100" in page


def test_unlocking_both_hints_costs_both(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    unlock(reader, riddle.slug, 1)
    body = text_of(unlock(reader, riddle.slug, 2))
    assert HINT_1 in body
    assert HINT_2 in body
    assert "50 von 100" in body
    assert "freischalten" not in body


def test_unlocking_twice_charges_once(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    unlock(reader, riddle.slug, 1)
    again = unlock(reader, riddle.slug, 1)
    assert again.status_code == 200
    assert "80 von 100" in text_of(again)
    assert row_counts()["HintUnlock"] == 1


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_hint_2_before_hint_1_is_refused(app, reader, htmx):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = unlock(reader, riddle.slug, 2, htmx=htmx)
    body = text_of(response)
    assert response.status_code == 409
    assert ("<html" in body) is not htmx
    assert verdict_of(body) == "error"
    assert "Bitte schalte die Tipps der Reihe nach frei." in body
    assert HINT_2 not in body
    assert HINT_1 not in body
    assert row_counts()["HintUnlock"] == 0


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("position", [0, 3, 99])
def test_unknown_hint_position_is_404(app, reader, htmx, position):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    before = row_counts()
    response = unlock(reader, riddle.slug, position, htmx=htmx)
    assert response.status_code == 404
    assert 'data-verdict="error"' in text_of(response)
    assert row_counts() == before


def test_hints_of_hidden_riddles_are_404(app, reader):
    draft = make_riddle(publish_at=None, closes_at=None)
    reader.open("/")
    response = unlock(reader, draft.slug, 1)
    assert response.status_code == 404
    assert HINT_1 not in text_of(response)
    assert row_counts()["HintUnlock"] == 0


def test_hint_without_csrf_token_is_refused(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.client.post(f"/raetsel/{riddle.slug}/tipps/1", headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert verdict_of(text_of(response)) == "error"
    assert HINT_1 not in text_of(response)
    assert row_counts()["HintUnlock"] == 0


def test_a_solve_after_a_hint_earns_the_reduced_points(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    unlock(reader, riddle.slug, 1)
    response = reader.guess(riddle.slug, "Kugelgrill")
    assert verdict_of(text_of(response)) == "correct"
    assert "Du bekommst 80 Punkte." in text_of(response)
    assert db.session.scalar(sa.select(Solve.points).where(Solve.riddle_id == riddle.id)) == 80


def test_hints_after_solving_are_refused(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Kugelgrill")
    response = unlock(reader, riddle.slug, 1)
    assert response.status_code == 409
    assert "Du hast dieses Rätsel schon gelöst." in text_of(response)
    assert row_counts()["HintUnlock"] == 0
    assert db.session.scalar(sa.select(Solve.points)) == 100


def test_hint_without_javascript_redirects_and_the_page_shows_it(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = unlock(reader, riddle.slug, 1, htmx=False)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/raetsel/{riddle.slug}#hints-{riddle.slug}"
    page = text_of(follow(reader, response))
    assert "<html" in page
    assert HINT_1 in page
    assert HINT_2 not in page
    assert "80 von 100" in page
    assert "Tipp 2 freischalten" in page


def test_hint_without_javascript_returns_to_the_home_page(app, reader):
    riddle = make_riddle()
    reader.open("/")
    response = reader.post(f"/raetsel/{riddle.slug}/tipps/1", {"next": "/"})
    assert response.headers["Location"] == f"/#hints-{riddle.slug}"
    home = text_of(follow(reader, response))
    assert HINT_1 in home
    assert "80 von 100" in home


# --- reveal --------------------------------------------------------------------------------


def test_reveal_confirmation_under_htmx_is_a_partial_without_the_solution(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.client.get(
        f"/raetsel/{riddle.slug}/loesung?next=/", headers={"HX-Request": "true"}
    )
    body = text_of(response)
    assert response.status_code == 200
    assert "<html" not in body
    assert body.lstrip().startswith('<div class="reveal reveal--confirm"')
    assert CONFIRM in body
    assert f'action="/raetsel/{riddle.slug}/loesung"' in body
    assert 'name="next" value="/"' in body
    assert "HX-Request" in response.headers.get("Vary", "")
    for secret in (SOLUTION, EXPLANATION, "Weber", HINT_1, HINT_2):
        assert secret not in body


def test_reveal_confirmation_without_javascript_is_a_page_without_the_solution(app, reader):
    riddle = make_riddle()
    response = reader.client.get(f"/raetsel/{riddle.slug}/loesung")
    body = text_of(response)
    assert response.status_code == 200
    assert "<html" in body
    assert CONFIRM in body
    assert riddle.question in body
    assert 'name="csrf_token"' in body
    for secret in (SOLUTION, EXPLANATION, "Weber", HINT_1, HINT_2):
        assert secret not in body
    assert row_counts()["Reveal"] == 0  # looking at the question stores nothing


def test_reveal_confirmation_of_a_hidden_riddle_is_404(app, reader):
    draft = make_riddle(publish_at=None, closes_at=None)
    response = reader.client.get(f"/raetsel/{draft.slug}/loesung")
    assert response.status_code == 404
    assert SOLUTION not in text_of(response)


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_revealing_shows_the_solution_and_records_it(app, reader, htmx):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}/loesung")
    response = reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=htmx)
    if htmx:
        assert response.status_code == 200
        body = text_of(response)
        assert "<html" not in body
    else:
        assert response.headers["Location"] == f"/raetsel/{riddle.slug}#solution-{riddle.slug}"
        body = text_of(follow(reader, response))
        assert "<html" in body
    assert f"Die Lösung: {SOLUTION}" in body
    assert EXPLANATION in body
    assert "Für dieses Rätsel gibt es keine Punkte mehr." in body
    assert 'name="guess"' not in body  # no more guessing
    # Giving up shows the hints too, at no cost.
    assert HINT_1 in body
    assert HINT_2 in body
    player = db.session.scalar(sa.select(Player))
    reveal = db.session.scalar(sa.select(Reveal))
    assert (reveal.player_id, reveal.riddle_id) == (player.id, riddle.id)
    assert row_counts()["Solve"] == 0


def test_reveal_without_csrf_token_is_refused(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.client.post(f"/raetsel/{riddle.slug}/loesung", data={"csrf_token": "x"})
    assert response.status_code == 400
    assert SOLUTION not in text_of(response)
    assert row_counts()["Reveal"] == 0


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_guessing_after_revealing_is_refused_and_earns_nothing(app, reader, htmx):
    solved, riddle = make_riddle(), make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(solved.slug, "Kugelgrill")  # 100 points on another riddle
    reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=True)
    before = row_counts()
    response = reader.guess(riddle.slug, "Kugelgrill", htmx=htmx)
    body = text_of(response)
    assert response.status_code == 409
    assert verdict_of(body) == "error"
    assert "Du hast dir die Lösung angezeigt" in body
    assert "HX-Trigger" not in response.headers
    assert row_counts() == before
    player = db.session.scalar(sa.select(Player))
    assert db.session.scalars(sa.select(Solve.points)).all() == [100]
    board = text_of(reader.client.get("/rangliste"))
    assert re.search(rf"<td>1</td><td>{player.nickname}</td><td>100</td>", board)


def test_revealing_twice_records_one_reveal(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=True)
    again = reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=True)
    assert again.status_code == 200
    assert f"Die Lösung: {SOLUTION}" in text_of(again)
    assert row_counts()["Reveal"] == 1


def test_hints_after_revealing_are_refused(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=True)
    response = unlock(reader, riddle.slug, 1)
    assert response.status_code == 409
    assert row_counts()["HintUnlock"] == 0


def test_a_reveal_is_private_to_the_player(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=True)
    other = app.test_client()
    for path in (f"/raetsel/{riddle.slug}", "/", f"/raetsel/{riddle.slug}/loesung"):
        body = text_of(other.get(path))
        assert SOLUTION not in body
        assert EXPLANATION not in body
    # The other reader can still play for full points.
    other_reader = Reader(other)
    other_reader.open(f"/raetsel/{riddle.slug}")
    assert "Du bekommst 100 Punkte." in text_of(other_reader.guess(riddle.slug, "Kugelgrill"))


def test_after_close_everyone_sees_the_solution(app):
    riddle = make_riddle()
    before_close = text_of(app.test_client().get(f"/raetsel/{riddle.slug}"))
    assert SOLUTION not in before_close
    assert EXPLANATION not in before_close
    app.config["NOW"] = riddle.closes_at + timedelta(minutes=1)
    fresh = app.test_client()
    body = text_of(fresh.get(f"/raetsel/{riddle.slug}"))
    assert f"Die Lösung: {SOLUTION}" in body
    assert EXPLANATION in body
    assert HINT_1 in body
    assert "Dieses Rätsel ist beendet." in body
    assert 'name="guess"' not in body
    assert row_counts()["Reveal"] == 0
    assert row_counts()["Player"] == 0  # looking stores nothing


def test_a_closed_riddle_needs_no_reveal(app, reader):
    riddle = make_closed_riddle()
    body = text_of(reader.client.get(f"/raetsel/{riddle.slug}"))
    assert "Die Lösung: Brocken" in body
    assert "Lösung anzeigen</a>" not in body
    # Nothing to confirm: the confirmation URL shows the riddle with its solution.
    confirm = reader.client.get(f"/raetsel/{riddle.slug}/loesung")
    assert confirm.status_code == 200
    assert "Die Lösung: Brocken" in text_of(confirm)
    assert "Ja, Lösung anzeigen" not in text_of(confirm)
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=True)
    assert response.status_code == 200
    assert "Die Lösung: Brocken" in text_of(response)
    assert row_counts()["Reveal"] == 0


# --- htmx answers to riddle actions land in the feedback region ------------------------------


def test_riddle_actions_under_htmx_are_retargeted(app, reader):
    riddle, other = make_riddle(), make_riddle()
    slug = riddle.slug
    reader.open(f"/raetsel/{slug}")
    responses = {
        "wrong guess": (reader.guess(slug, "Boje"), 200),
        "repeated guess": (reader.guess(slug, "Boje"), 200),
        "empty guess": (reader.guess(slug, ""), 422),
        "hint out of order": (reader.post(f"/raetsel/{other.slug}/tipps/2", htmx=True), 409),
        "csrf": (
            reader.client.post(f"/raetsel/{slug}/raten", data={"guess": "x"}, headers=HTMX),
            400,
        ),
        "correct guess": (reader.guess(slug, "Kugelgrill"), 200),
        "guess after solving": (reader.guess(slug, "Kugelgrill"), 409),
        "confirm step after solving": (
            reader.client.get(f"/raetsel/{slug}/loesung", headers=HTMX),
            200,
        ),
        "reveal": (reader.post(f"/raetsel/{other.slug}/loesung", htmx=True), 200),
    }
    for what, (response, status) in responses.items():
        assert response.status_code == status, what
        target = other.slug if what in ("reveal", "hint out of order") else slug
        assert_retargeted(response, target, what)


def test_the_confirm_step_while_playing_is_not_retargeted(app, reader):
    """It replaces the reveal link it came from; only finished states go to the feedback."""
    riddle = make_riddle()
    response = reader.client.get(f"/raetsel/{riddle.slug}/loesung", headers=HTMX)
    assert response.status_code == 200
    assert "Willst du die Lösung wirklich sehen?" in text_of(response)
    assert_not_retargeted(response, "confirm step")


def test_riddle_actions_without_htmx_are_not_retargeted(app, reader):
    riddle, other = make_riddle(), make_riddle()
    slug = riddle.slug
    reader.open(f"/raetsel/{slug}")
    responses = {
        "wrong guess": (reader.guess(slug, "Boje", htmx=False), 303),
        "empty guess": (reader.guess(slug, "", htmx=False), 422),
        "hint": (reader.post(f"/raetsel/{slug}/tipps/1"), 303),
        "hint out of order": (reader.post(f"/raetsel/{other.slug}/tipps/2"), 409),
        "confirm step": (reader.client.get(f"/raetsel/{slug}/loesung"), 200),
        "csrf": (reader.client.post(f"/raetsel/{slug}/raten", data={"guess": "x"}), 400),
        "reveal": (reader.post(f"/raetsel/{slug}/loesung"), 303),
        "guess after revealing": (reader.guess(slug, "Kugelgrill", htmx=False), 409),
        "page": (reader.client.get(f"/raetsel/{slug}"), 200),
    }
    for what, (response, status) in responses.items():
        assert response.status_code == status, what
        assert_not_retargeted(response, what)


def test_the_confirm_page_without_javascript_shows_the_form_in_place(app, reader):
    riddle = make_riddle()
    link = f'id="reveal-link-{riddle.slug}"'
    assert link in text_of(reader.client.get(f"/raetsel/{riddle.slug}"))
    body = text_of(reader.client.get(f"/raetsel/{riddle.slug}/loesung"))
    assert not is_partial(body)
    assert "Willst du die Lösung wirklich sehen?" in body
    assert f'action="/raetsel/{riddle.slug}/loesung"' in body
    assert riddle.question in body
    # The form stands where the reveal link would be: the link itself is gone.
    assert link not in body


def test_confirm_step_in_a_stale_tab_says_why_and_refreshes_the_board(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Kugelgrill")
    response = reader.client.get(f"/raetsel/{riddle.slug}/loesung", headers={"HX-Request": "true"})
    assert response.status_code == 200  # a GET: nothing failed, there is just nothing to confirm
    assert verdict_of(text_of(response)) == "error"
    assert "schon gelöst" in text_of(response)
    assert response.headers["HX-Trigger"] == "leaderboard-changed"
    assert "Ja, Lösung anzeigen" not in text_of(response)
