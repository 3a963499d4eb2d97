"""`python -m bench.notify`: announce one riddle to 10,000 readers who opted in.

The issue asks that 10,000 opted-in readers are announced to a local SMTP server within a
minute on this machine. This builds a throwaway SQLite database with N confirmed accounts
that opted in (`--readers`), starts aiosmtpd on a free local port (the test dependency),
runs what `flask notify` runs, and reports the time, mails per second, and how many mails
the server received. Exit status 1 when not every mail arrived or it took a minute or more.
"""

from __future__ import annotations

import argparse
import multiprocessing
import socket
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from aiosmtpd.controller import Controller

from harzquiz import clock
from harzquiz.app import create_app
from harzquiz.extensions import db
from harzquiz.models import MailSubscription, Player, Riddle
from harzquiz.services import notify

LIMIT_SECONDS = 60.0


class Counter:
    """An SMTP handler that only counts what it accepts (in a shared Value)."""

    def __init__(self, received) -> None:
        self.received = received

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self.received.get_lock():
            self.received.value += 1
        return "250 OK"


def serve(port: int, received, stop) -> None:
    """The SMTP server, in a process of its own (as a real one is)."""
    controller = Controller(Counter(received), hostname="127.0.0.1", port=port)
    controller.start()
    stop.wait()
    controller.stop()


def seed(readers: int) -> None:
    now = clock.now()
    db.session.add(
        Riddle(
            slug="bench",
            title="Die Boje",
            question="?",
            solution="Kugelgrill",
            publish_at=now - timedelta(minutes=1),
            closes_at=now + timedelta(days=7),
        )
    )
    db.session.execute(
        sa.insert(Player),
        [
            {
                "nickname": f"Leser {n}",
                "nickname_key": f"leser {n}",
                "email": f"leser{n}@example.org",
                "email_confirmed_at": now,
                "created_at": now,
                "role": "reader",
            }
            for n in range(readers)
        ],
    )
    ids = db.session.scalars(sa.select(Player.id)).all()
    db.session.execute(
        sa.insert(MailSubscription),
        [{"player_id": i, "opted_in": True, "language": "de", "changed_at": now} for i in ids],
    )
    db.session.commit()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readers", type=int, default=10_000)
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    received, stop = multiprocessing.Value("i", 0), multiprocessing.Event()
    server = multiprocessing.Process(target=serve, args=(port, received, stop))
    server.start()
    time.sleep(1.0)  # the controller is listening once started
    with tempfile.TemporaryDirectory() as directory:
        app = create_app(
            {
                "TESTING": True,
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(directory) / 'bench.sqlite'}",
                "MAIL_HOST": "127.0.0.1",
                "MAIL_PORT": port,
                "SITE_URL": "http://localhost",
            }
        )
        with app.app_context():
            db.create_all()
            seed(args.readers)
            with app.test_request_context("/", base_url="http://localhost"):
                started = time.perf_counter()
                report = notify.run(clock.now())
                seconds = time.perf_counter() - started
            db.engine.dispose()
    stop.set()
    server.join()
    rate = report.sent / seconds if seconds else 0.0
    print(f"readers opted in:   {args.readers}")
    print(f"mails sent:         {report.sent} (server received {received.value})")
    print(f"time:               {seconds:.1f} s ({rate:.0f} mails/s); limit {LIMIT_SECONDS:.0f} s")
    ok = received.value == args.readers == report.sent and seconds < LIMIT_SECONDS
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
