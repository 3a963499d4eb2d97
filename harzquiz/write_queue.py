"""SQLite writers queue on a file lock, in front of SQLite's own lock.

SQLite lets one writer at a time hold the database. Another one asking meanwhile gets
SQLITE_BUSY, and the busy handler (`PRAGMA busy_timeout`) sleeps 1, 2, 5, 10 ... ms between
retries. A guess holds the write lock for a fraction of a millisecond, so a worker that
collides sleeps several times longer than the lock was held. Measured in the wrong-guess
benchmark (two gunicorn workers): 14 % of a worker's time went to those sleeps.

So every write transaction takes its turn here first, right before its first INSERT,
UPDATE or DELETE: an exclusive `flock` on a file beside the database, tried in short steps
(50 µs, doubling up to 0.5 ms), so the next writer goes on right after the current one
committed. The queue is only a way to wait: SQLite's lock still decides who writes. The
rules:

- Only a transaction that has not written yet waits. A writer holding SQLite's lock never
  waits for the queue, so the two locks cannot wait for each other.
- Never longer than the busy timeout. Then the writer goes on without its turn, and
  SQLite's busy handling answers as it did without the queue.
- The turn ends when the session's transaction ends (commit or rollback), or at the
  latest when the connection goes back to the pool.
- A thread that holds the turn does not wait for it again (a second connection of the
  same request, or a test's own session next to the app's).
- One open file per thread and process: `flock` locks conflict between open files, so the
  threads of one gthread worker queue too, and a forked worker opens its own.

PostgreSQL and in-memory SQLite have no queue (`install` leaves them alone).
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
import weakref

from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import Session

FIRST_PAUSE = 0.00005  # seconds; a guess holds SQLite's write lock for about 0.2 ms
LONGEST_PAUSE = 0.0005

# engine -> (the queue's lock file, how long a writer waits for its turn in seconds)
_queues: weakref.WeakKeyDictionary[Engine, tuple[str, float]] = weakref.WeakKeyDictionary()


class _Turn(threading.local):
    """This thread's open lock file (per process) and whether it holds the turn."""

    pid = 0
    fd = -1
    path = ""
    held = False


_turn = _Turn()
_warned: list[str] = []  # the queue's problem is logged once per process
log = logging.getLogger(__name__)


def lock_file(database: str) -> str:
    """The queue's lock file for a SQLite database file (beside its -wal and -shm)."""
    return f"{database}-writers.lock"


def install(engine: Engine, busy_timeout_ms: int) -> None:
    """Give a file-backed SQLite engine its writers' queue (other engines: nothing)."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return
    if database.startswith("file:"):
        return  # a URI filename (possibly in memory): no plain path to put the file beside
    _queues[engine] = (lock_file(database), busy_timeout_ms / 1000)
    event.listen(engine, "before_cursor_execute", _before_statement)
    event.listen(engine, "checkin", _end_at_checkin)


def _before_statement(connection: Connection, cursor, _statement, _parameters, context, _many):
    """Before a write statement: the first of its transaction waits for its turn."""
    if context is not None and (context.isinsert or context.isupdate or context.isdelete):
        wait_for_turn(connection.engine, cursor.connection)


def wait_for_turn(engine: Engine, dbapi_connection) -> bool:
    """Before the first write of a transaction on a queued engine: wait until no other
    writer holds the turn (at most the busy timeout). True when this thread holds it."""
    queue = _queues.get(engine)
    if queue is None:
        return False
    if _turn.held and _turn.pid == os.getpid():
        return True
    if getattr(dbapi_connection, "in_transaction", True):
        return False  # it may hold SQLite's lock already: it must never wait for the queue
    path, timeout = queue
    deadline = time.monotonic() + timeout
    pause = FIRST_PAUSE
    try:
        fd = _open(path)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False  # SQLite's own busy handling decides from here
                time.sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                continue
            _turn.held = True
            return True
    except OSError as problem:  # no lock file (permissions, a full disk): write unqueued
        if not _warned:
            _warned.append(path)
            log.warning("SQLite writers' queue unavailable (%s): writes wait as before", problem)
        return False


def end_turn() -> None:
    """Let the next writer go (this thread's transaction ended)."""
    if _turn.held:
        _turn.held = False
        fcntl.flock(_turn.fd, fcntl.LOCK_UN)


def _open(path: str) -> int:
    """This thread's open lock file, opened anew in a forked process or for another file."""
    pid = os.getpid()
    if _turn.pid != pid or _turn.path != path:
        if _turn.pid == pid and _turn.fd >= 0:
            os.close(_turn.fd)  # another database (tests): the old file is done with
        _turn.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        _turn.pid, _turn.path, _turn.held = pid, path, False
    return _turn.fd


@event.listens_for(Session, "after_commit")
def _end_after_commit(_session: Session) -> None:
    end_turn()


@event.listens_for(Session, "after_rollback")
def _end_after_rollback(_session: Session) -> None:
    end_turn()


def _end_at_checkin(_dbapi_connection, _record) -> None:
    end_turn()
