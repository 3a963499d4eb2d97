"""One player's simultaneous requests (double clicks, many tabs) store each action only once."""

from __future__ import annotations

from collections import Counter
from functools import partial

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Guess, HintUnlock, Player, Reveal, Solve
from tests.clients import Reader
from tests.factories import make_riddle
from tests.helpers import row_counts, text_of, verdict_of
from tests.live import at_once

THREADS = 20
ROUNDS = 10
# What a request may answer under contention: done, or refused because another one won.
# A 500 (e.g. SQLite's "database is locked" escaping) is never acceptable.
CLEAR_ANSWERS = {200, 409}


def signed_in_player(app) -> tuple[Reader, Player]:
    """A reader who became a player with a wrong guess on a riddle of their own."""
    warm_up = make_riddle()
    reader = Reader(app.test_client())
    reader.open(f"/raetsel/{warm_up.slug}")
    assert reader.guess(warm_up.slug, "Boje").status_code == 200
    db.session.rollback()
    player = db.session.scalar(sa.select(Player))
    assert player is not None
    return reader, player


def tabs(app, reader: Reader, n: int) -> list[Reader]:
    """`n` clients (one per thread) carrying the reader's session cookie and CSRF token."""
    cookie = reader.client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    copies = []
    for _ in range(n):
        client = app.test_client()
        client.set_cookie(cookie.key, cookie.value)
        copy = Reader(client)
        copy.token = reader.token
        copies.append(copy)
    return copies


def assert_clear(responses, what: str) -> None:
    statuses = Counter(response.status_code for response in responses)
    unclear = {
        status: text_of(next(r for r in responses if r.status_code == status))[:500]
        for status in statuses
        if status not in CLEAR_ANSWERS
    }
    assert not unclear, f"{what}: statuses {dict(statuses)}; first bodies: {unclear}"


def from_every_tab(app, reader: Reader, action: str, *args, **kwargs) -> list:
    """The same request (Reader.guess or Reader.post) from THREADS tabs at once; each
    answer must be a clear one."""
    calls = [partial(getattr(tab, action), *args, **kwargs) for tab in tabs(app, reader, THREADS)]
    responses = at_once(calls)
    assert_clear(responses, f"{action} {args}")
    return responses


def count(model, **where) -> int:
    db.session.rollback()
    query = sa.select(sa.func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return db.session.scalar(query)


def test_simultaneous_correct_guesses_solve_once(app):
    reader, player = signed_in_player(app)
    riddle = make_riddle()
    responses = from_every_tab(app, reader, "guess", riddle.slug, "Kugelgrill")
    won = [r for r in responses if r.status_code == 200]
    assert len(won) == 1
    assert verdict_of(text_of(won[0])) == "correct"
    assert won[0].headers["HX-Trigger"] == "leaderboard-changed"
    for lost in responses:
        if lost.status_code == 409:
            assert "Du hast dieses Rätsel schon gelöst." in text_of(lost)
            assert "HX-Trigger" not in lost.headers
    assert count(Solve, riddle_id=riddle.id) == 1
    assert count(Guess, riddle_id=riddle.id, verdict="correct") == 1
    assert count(Guess, riddle_id=riddle.id) == 1
    solve = db.session.scalar(sa.select(Solve).where(Solve.riddle_id == riddle.id))
    assert (solve.player_id, solve.points) == (player.id, 100)


def test_simultaneous_identical_wrong_guesses_are_stored_once(app):
    reader, _ = signed_in_player(app)
    riddle = make_riddle()
    responses = from_every_tab(app, reader, "guess", riddle.slug, "Sonnenschirm")
    assert {r.status_code for r in responses} == {200}
    assert {verdict_of(text_of(r)) for r in responses} == {"wrong"}
    repeated = [r for r in responses if "Das hattest du schon versucht" in text_of(r)]
    assert len(repeated) == THREADS - 1
    assert count(Guess, riddle_id=riddle.id) == 1
    # The one wrong guess costs once.
    assert "90 von 100" in text_of(reader.client.get(f"/raetsel/{riddle.slug}"))


@pytest.mark.parametrize(
    ("action", "model", "page_shows"),
    [
        ("tipps/1", HintUnlock, "80 von 100"),  # the hint is charged once
        ("loesung", Reveal, "Für dieses Rätsel gibt es keine Punkte mehr."),
    ],
    ids=["hint", "reveal"],
)
def test_simultaneous_hint_unlocks_or_reveals_are_recorded_once(app, action, model, page_shows):
    reader, player = signed_in_player(app)
    riddle = make_riddle()
    responses = from_every_tab(app, reader, "post", f"/raetsel/{riddle.slug}/{action}", htmx=True)
    assert {r.status_code for r in responses} == {200}
    assert count(model, player_id=player.id) == 1
    assert count(model) == 1
    assert page_shows in text_of(reader.client.get(f"/raetsel/{riddle.slug}"))


def test_a_reveal_and_a_correct_guess_together_never_both_count(app):
    reader, player = signed_in_player(app)
    outcomes = Counter()
    for _ in range(ROUNDS):
        riddle = make_riddle()
        guesser, revealer = tabs(app, reader, 2)
        guess, reveal = at_once(
            [
                partial(guesser.guess, riddle.slug, "Kugelgrill"),
                partial(revealer.post, f"/raetsel/{riddle.slug}/loesung", htmx=True),
            ]
        )
        assert_clear([guess, reveal], "guess against reveal")
        assert reveal.status_code == 200
        solves = count(Solve, riddle_id=riddle.id, player_id=player.id)
        reveals = count(Reveal, riddle_id=riddle.id, player_id=player.id)
        assert (solves, reveals) in ((1, 0), (0, 1))
        if solves:
            assert guess.status_code == 200
            assert verdict_of(text_of(guess)) == "correct"
            outcomes["solved"] += 1
        else:
            assert guess.status_code == 409
            assert "Du hast dir die Lösung angezeigt" in text_of(guess)
            assert count(Guess, riddle_id=riddle.id) == 0
            outcomes["revealed"] += 1
    assert sum(outcomes.values()) == ROUNDS
    counts = row_counts()
    assert counts["Solve"] + counts["Reveal"] == ROUNDS
    assert counts["Player"] == 1
