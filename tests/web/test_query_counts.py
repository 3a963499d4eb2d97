"""SQL statements per request stay the same when players and guesses grow fivefold (no N+1)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from harzquiz.caching import stamps
from harzquiz.cli.datagen import generate
from harzquiz.extensions import db
from tests.factories import NOW

RIDDLE = "/raetsel/gen-raetsel-3"  # the newest generated riddle: live at NOW
ARTICLE = "/artikel/gen-artikel-1"  # carries that riddle
HTMX = {"HX-Request": "true", "HX-Current-URL": f"http://localhost{RIDDLE}"}


@pytest.fixture
def app_config(app_config):
    # The rendering path, not the shared-page cache (tests/web/test_caching.py covers that).
    return {**app_config, "PAGE_CACHE_SECONDS": 0}


def _count(send, cold: bool) -> int:
    """Statements one request issues (cold: right after a points change, boards recomputed)."""
    if cold:
        stamps.bump(stamps.POINTS)  # as any solve does
        db.session.commit()
    db.session.remove()
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        response = send()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert response.status_code == 200, response.status_code
    return len(statements)


def _measure(reader, guesses: iter) -> dict[str, int]:
    client = reader.client
    requests = {
        "riddle page": lambda: client.get(RIDDLE),
        "article page": lambda: client.get(ARTICLE),
        "leaderboard partial": lambda: client.get("/rangliste?zeitraum=gesamt", headers=HTMX),
        "guess": lambda: reader.guess("gen-raetsel-3", next(guesses)),
    }
    counts = {}
    for name, send in requests.items():
        counts[f"{name}, cold"] = _count(send, cold=True)
        counts[f"{name}, warm"] = _count(send, cold=False)
    anonymous = client.application.test_client()
    counts["anonymous riddle page"] = _count(lambda: anonymous.get(RIDDLE), cold=True)
    counts["anonymous leaderboard"] = _count(
        lambda: anonymous.get("/rangliste", headers=HTMX), cold=True
    )
    return counts


def test_statements_per_request_do_not_grow_with_the_data(app, reader):
    generate(players=20, guesses=100, riddles=3, articles=1, now=NOW, seed=1)
    reader.open(RIDDLE)
    assert reader.guess("gen-raetsel-3", "Brocken").status_code == 200  # now a player
    guesses = iter(f"Versuch {n}" for n in range(100))
    _measure(reader, guesses)  # warm-up: connection pool, compiled statements
    small = _measure(reader, guesses)

    generate(players=100, guesses=500, riddles=0, articles=0, now=NOW, seed=2)
    large = _measure(reader, guesses)

    assert large == small
    # Absolute ceilings, so a new per-request query is a decision, not an accident.
    assert small["riddle page, warm"] <= 10
    assert small["guess, warm"] <= 8  # the answer reuses the state read under the lock
    assert small["leaderboard partial, warm"] <= 3
    # A warm board costs no aggregate query: only the points stamp is read.
    assert small["leaderboard partial, warm"] < small["leaderboard partial, cold"]
