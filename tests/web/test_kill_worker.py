"""A gunicorn worker killed with SIGKILL in the middle of a stream of guesses loses no guess
that a reader was told about: every success answer's guess is in the database.

Run with `-s` to see the numbers (sent, answered, stored, lost). On the PostgreSQL pass this
is the scaled-out setup: several workers sharing one database."""

from __future__ import annotations

import http.client
import os
import signal
import threading
import time
from collections import Counter

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Guess
from tests.factories import make_riddle
from tests.helpers import new_reader
from tests.live import gunicorn, post_form, server_environment, session_cookie, worker_pids

WORKERS = 3
STREAMS = 6  # readers guessing at the same time, each one request after another
GUESSES_PER_STREAM = 60
KILL_AFTER = 80  # successful guesses before the kill


def stream(address, path: str, reader, cookie: str, n: int, results: list, progress) -> None:
    """One reader's guesses, one after another; records (text, outcome)."""
    for k in range(GUESSES_PER_STREAM):
        text = f"Strom {n} Versuch {k}"
        try:
            answer = post_form(
                address,
                path,
                {"guess": text, "csrf_token": reader.token},
                cookie,
                htmx=k % 2 == 0,
                timeout=30,
            )
            outcome = answer.status
        except (OSError, http.client.HTTPException) as error:  # the killed worker's requests
            outcome = type(error).__name__
        results.append((text, outcome))
        progress()


def test_killing_a_worker_mid_stream_loses_no_answered_guess(app):
    riddle = make_riddle()  # live by the frozen clock, which the server shares (HARZQUIZ_NOW)
    path = f"/raetsel/{riddle.slug}/raten"
    readers = [new_reader(app, f"/raetsel/{riddle.slug}") for _ in range(STREAMS)]
    cookies = [session_cookie(app, reader.client) for reader in readers]
    env = server_environment(
        app.config["SQLALCHEMY_DATABASE_URI"], HARZQUIZ_RATELIMIT_ENABLED="false"
    )
    results: list[tuple[str, object]] = []
    succeeded = threading.Semaphore(0)
    with gunicorn(env, workers=WORKERS, threads=2) as (master, address):
        before = worker_pids(master.pid)
        assert len(before) == WORKERS
        threads = [
            threading.Thread(
                target=stream,
                args=(address, path, readers[n], cookies[n], n, results, succeeded.release),
            )
            for n in range(STREAMS)
        ]
        for thread in threads:
            thread.start()
        for _ in range(KILL_AFTER):
            assert succeeded.acquire(timeout=60), "the stream stalled before the kill"
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = len(results)
        for thread in threads:
            thread.join(timeout=300)
        assert not any(thread.is_alive() for thread in threads)
        deadline = time.monotonic() + 30
        while len(worker_pids(master.pid)) < WORKERS and time.monotonic() < deadline:
            time.sleep(0.2)
        after = worker_pids(master.pid)
    db.session.rollback()
    stored = set(db.session.scalars(sa.select(Guess.text).where(Guess.riddle_id == riddle.id)))
    answered = {text for text, outcome in results if outcome in (200, 303)}
    outcomes = Counter(str(outcome) for _, outcome in results)
    lost = answered - stored
    print(
        f"\nkill -9 of worker {victim} after {killed_at} of {len(results)} guesses "
        f"({WORKERS} workers, {STREAMS} streams, {db.engine.dialect.name}): "
        f"outcomes {dict(outcomes)}; answered {len(answered)}, stored {len(stored)}, "
        f"stored without an answer {len(stored - answered)}, lost {len(lost)}"
    )
    assert victim not in after and len(after) == WORKERS  # the master replaced the worker
    assert len(results) == STREAMS * GUESSES_PER_STREAM
    assert lost == set()
    assert len(answered) >= STREAMS * GUESSES_PER_STREAM // 2  # the stream really ran
    # Every answer that came was a success: no 500 from the half-finished requests (the
    # others are connections the killed worker dropped).
    assert {outcome for _, outcome in results if isinstance(outcome, int)} <= {200, 303}
