"""SQLite writers queue on a file lock beside the database (harzquiz.write_queue): a write
transaction holds the turn from its first write until it ends, the next writer goes as soon
as it ends, nobody waits longer than the busy timeout, and a transaction that wrote never
waits for the queue (so the queue and SQLite's own lock cannot wait for each other)."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from harzquiz import write_queue
from harzquiz.extensions import db
from harzquiz.models import Player
from tests.database import TEST_DATABASE_URL, base_config
from tests.factories import make_player

sqlite_only = pytest.mark.skipif(
    bool(TEST_DATABASE_URL), reason="the queue is SQLite's: PostgreSQL locks rows, not the file"
)


def queue_file() -> str:
    database = db.engine.url.database
    assert database
    return write_queue.lock_file(database)


def queue_is_free() -> bool:
    """Whether another process or thread could take the turn now."""
    fd = os.open(queue_file(), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


@contextmanager
def turn_held_elsewhere() -> Iterator[None]:
    """Another writer (an open file of its own, like another worker) holds the turn."""
    fd = os.open(queue_file(), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def rename(player_id: int, nickname: str) -> None:
    db.session.execute(sa.update(Player).where(Player.id == player_id).values(nickname=nickname))


def nickname_of(player_id: int) -> str:
    db.session.rollback()
    return db.session.scalar(sa.select(Player.nickname).where(Player.id == player_id))


@pytest.fixture
def pauses(monkeypatch) -> list[float]:
    """Every pause a writer made while waiting for its turn."""
    made: list[float] = []
    real_sleep = write_queue.time.sleep

    def sleep(seconds: float) -> None:
        made.append(seconds)
        real_sleep(seconds)

    monkeypatch.setattr(write_queue.time, "sleep", sleep)
    return made


@sqlite_only
@pytest.mark.parametrize("end", ["commit", "rollback"])
def test_a_write_holds_the_turn_until_its_transaction_ends(app, end):
    player = make_player(nickname="Vorher")
    assert queue_is_free()
    db.session.scalar(sa.select(Player.nickname))  # a read takes no turn
    assert queue_is_free()
    rename(player.id, "Nachher")
    assert not queue_is_free()
    getattr(db.session, end)()
    assert queue_is_free()
    assert nickname_of(player.id) == ("Nachher" if end == "commit" else "Vorher")


@sqlite_only
def test_the_turn_ends_when_the_connection_goes_back_to_the_pool(app):
    player = make_player()
    rename(player.id, "Geschlossen")
    assert not queue_is_free()
    db.session.close()  # no commit, no rollback of the session's own: the pool resets it
    assert queue_is_free()


@sqlite_only
def test_the_next_writer_goes_when_the_turn_ends(app):
    player = make_player(nickname="Vorher")
    written = threading.Event()

    def other_worker() -> None:
        with app.app_context():
            rename(player.id, "Danach")
            db.session.commit()
            written.set()

    with turn_held_elsewhere():
        thread = threading.Thread(target=other_worker)
        thread.start()
        assert not written.wait(0.5), "the writer went on while another one held the turn"
    assert written.wait(5), "the writer did not go on after the turn ended"
    thread.join(5)
    assert nickname_of(player.id) == "Danach"


@sqlite_only
class TestWithAShortBusyTimeout:
    """Another writer holds the turn and does not give it up (SQLite's lock is free)."""

    @pytest.fixture
    def app_config(self) -> dict:
        return {**base_config(), "SQLITE_BUSY_TIMEOUT_MS": 200}

    def test_nobody_waits_longer_than_the_busy_timeout(self, app, pauses):
        player = make_player()
        with turn_held_elsewhere():
            rename(player.id, "Trotzdem")
            db.session.commit()
        assert pauses, "the writer did not wait for its turn at all"
        # In short steps, and no longer than the busy timeout (a loaded machine sleeps
        # longer than asked, so fewer steps fit in; never more).
        assert sum(pauses) <= 0.2 + write_queue.LONGEST_PAUSE
        assert max(pauses) <= write_queue.LONGEST_PAUSE
        assert nickname_of(player.id) == "Trotzdem"

    def test_a_transaction_that_wrote_never_waits_for_the_queue(self, app, pauses):
        player = make_player()
        with turn_held_elsewhere():
            rename(player.id, "Erst")  # waited (the busy timeout), then wrote without its turn
            waited = len(pauses)
            rename(player.id, "Dann")  # holds SQLite's lock now: it must not wait again
            db.session.commit()
        assert waited > 0
        assert len(pauses) == waited
        assert nickname_of(player.id) == "Dann"


@sqlite_only
def test_a_thread_holding_the_turn_does_not_wait_for_itself(app, pauses):
    player = make_player()
    rename(player.id, "Erst")
    raw = db.engine.raw_connection()  # a second connection of the same thread
    try:
        assert write_queue.wait_for_turn(db.engine, raw.driver_connection)
    finally:
        raw.close()
    assert pauses == []
    db.session.commit()
    assert queue_is_free()


@sqlite_only
def test_a_write_goes_on_without_the_queue_when_its_file_cannot_be_opened(app, monkeypatch):
    player = make_player()

    def refused(*_args, **_kwargs):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(write_queue, "_open", refused)
    rename(player.id, "Ohne Warteschlange")
    db.session.commit()
    assert nickname_of(player.id) == "Ohne Warteschlange"


def test_databases_without_a_file_have_no_queue():
    for url in ("sqlite://", "sqlite:///:memory:", "postgresql+psycopg://u@127.0.0.1/d"):
        engine = sa.create_engine(url)
        write_queue.install(engine, 5000)
        assert not write_queue.wait_for_turn(engine, None), url
        assert not sa.event.contains(engine, "before_cursor_execute", write_queue._before_statement)
