"""Concurrency through a real HTTP server (a thread per request, like a gunicorn gthread
worker): 200 simultaneous correct guesses by one player make one solve and one score, and
200 simultaneous guesses by 100 players are all stored. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from functools import partial

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Guess, Player, Solve
from tests.factories import make_riddle
from tests.helpers import new_reader, verdict_of
from tests.live import at_once, post_form, session_cookie, threaded_server

ATTEMPTS = 200
PLAYERS = 100
GUESSES_EACH = 2


def scalar(query):
    db.session.rollback()  # see what the server committed
    return db.session.scalar(query)


def test_200_simultaneous_correct_guesses_by_one_player_solve_and_score_once(app):
    warm_up = make_riddle()
    riddle = make_riddle(points=100)
    reader = new_reader(app, f"/raetsel/{riddle.slug}")
    # The first guess makes the reader a player and fixes the session (rate key, player id).
    assert reader.guess(warm_up.slug, "Boje").status_code == 200
    cookie = session_cookie(app, reader.client)
    path = f"/raetsel/{riddle.slug}/raten"
    form = {"guess": "Kugelgrill", "csrf_token": reader.token}
    with threaded_server(app) as address:
        # Half like htmx, half like a plain form (post/redirect/get).
        answers = at_once(
            [partial(post_form, address, path, form, cookie, n % 2 == 0) for n in range(ATTEMPTS)]
        )
    statuses = Counter(answer.status for answer in answers)
    succeeded = [a for a in answers if a.status in (200, 303)]
    assert len(succeeded) == 1, f"statuses: {dict(statuses)}"
    assert statuses[409] == ATTEMPTS - 1, f"statuses: {dict(statuses)}"
    if succeeded[0].status == 200:
        assert verdict_of(succeeded[0].body) == "correct"
    for refused in (a for a in answers if a.status == 409):
        assert "Du hast dieses Rätsel schon gelöst." in refused.body
    assert scalar(sa.select(sa.func.count()).select_from(Player)) == 1
    player_id = scalar(sa.select(Player.id))
    assert scalar(sa.select(sa.func.count()).select_from(Solve)) == 1
    assert scalar(sa.select(sa.func.count()).where(Guess.riddle_id == riddle.id)) == 1
    assert scalar(sa.select(sa.func.sum(Solve.points)).where(Solve.player_id == player_id)) == 100


def test_200_simultaneous_guesses_by_100_players_are_all_stored(app):
    riddle = make_riddle()
    path = f"/raetsel/{riddle.slug}/raten"
    # Each player is a new guest: the first guess also creates the player, concurrently.
    guests = [new_reader(app, f"/raetsel/{riddle.slug}") for _ in range(PLAYERS)]
    calls = []
    for n, guest in enumerate(guests):
        cookie = session_cookie(app, guest.client)
        for k in range(GUESSES_EACH):
            form = {"guess": f"Versuch {n} {k}", "csrf_token": guest.token}
            calls.append(partial(post_form, address=None, path=path, form=form, cookie=cookie))
    with threaded_server(app) as address:
        answers = at_once([partial(call, address=address) for call in calls])
    statuses = Counter(answer.status for answer in answers)
    assert statuses == {303: PLAYERS * GUESSES_EACH}, dict(statuses)
    stored = set(db.session.scalars(sa.select(Guess.text).where(Guess.riddle_id == riddle.id)))
    db.session.rollback()
    expected = {f"Versuch {n} {k}" for n in range(PLAYERS) for k in range(GUESSES_EACH)}
    assert stored == expected
