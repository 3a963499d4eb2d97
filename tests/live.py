"""Real HTTP against a real server: a threaded werkzeug server around the test app, plain
http.client requests, and a helper that releases many calls at the same moment."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from werkzeug.serving import make_server


@dataclass(frozen=True)
class Answer:
    """What a server answered: status, body, headers."""

    status: int
    body: str
    headers: dict[str, str]


@contextmanager
def threaded_server(app) -> Iterator[tuple[str, int]]:
    """Serve `app` on a free local port, a thread per request; yields (host, port)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    server.request_queue_size = 1024  # many simultaneous connects must not be refused
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def post_form(
    address: tuple[str, int],
    path: str,
    form: dict,
    cookie: str = "",
    htmx: bool = False,
    timeout: float = 120,
) -> Answer:
    """POST a urlencoded form; no redirects followed."""
    connection = http.client.HTTPConnection(*address, timeout=timeout)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if cookie:
        headers["Cookie"] = cookie
    if htmx:
        headers["HX-Request"] = "true"
    try:
        connection.request("POST", path, body=urlencode(form), headers=headers)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return Answer(response.status, body, {k.lower(): v for k, v in response.getheaders()})
    finally:
        connection.close()


def at_once(calls: list[Callable[[], object]], timeout: float = 60) -> list:
    """Run the calls on their own threads, released together; results in call order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait(timeout=timeout)
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


def session_cookie(app, client) -> str:
    """The test client's session cookie as a Cookie header value."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None, "the client has no session yet"
    return f"{cookie.key}={cookie.value}"


# --- gunicorn in its own processes -------------------------------------------------------------


def free_port() -> int:
    """A local port nobody listens on right now."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(address: tuple[str, int], path: str, timeout: float = 5) -> Answer:
    """A plain GET."""
    connection = http.client.HTTPConnection(*address, timeout=timeout)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        return Answer(response.status, body, {k.lower(): v for k, v in response.getheaders()})
    finally:
        connection.close()


def server_environment(database_url: str, **settings: str) -> dict[str, str]:
    """The environment for an app server process: this database, no inherited settings."""
    import os

    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("HARZQUIZ_")
        and name not in ("DATABASE_URL", "SECRET_KEY", "REDIS_URL")
    }
    from tests.factories import NOW, TEST_SECRET_KEY

    # The server shares the tests' frozen clock: a riddle live "now" is live there too.
    frozen = {"HARZQUIZ_NOW": NOW.isoformat()}
    # And their key (cookies made in a test work there); not TESTING, the server checks it
    # like production does, so it is a long one.
    key = {"SECRET_KEY": TEST_SECRET_KEY}
    return {**env, "DATABASE_URL": database_url, **key, **frozen, **settings}


@contextmanager
def gunicorn(env: dict[str, str], workers: int = 1, threads: int = 2):
    """Run the documented gunicorn command on a free port; yields (process, address)."""
    import subprocess
    import sys
    import tempfile
    import time
    from pathlib import Path

    from harzquiz import ROOT

    port = free_port()
    env = {
        **env,
        "HARZQUIZ_BIND": f"127.0.0.1:{port}",
        "HARZQUIZ_WORKERS": str(workers),
        "HARZQUIZ_THREADS": str(threads),
        "HARZQUIZ_LOG_LEVEL": "WARNING",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"),  # the venv running the tests
        "-c",
        "python:harzquiz.gunicorn_conf",
        "--access-logfile",
        "/dev/null",
        "harzquiz:create_app()",
    ]
    address = ("127.0.0.1", port)
    # The log goes to a file, not a pipe: a full pipe would block gunicorn.
    with (
        tempfile.TemporaryFile("w+") as log,
        subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log, text=True
        ) as process,
    ):
        try:
            deadline = time.monotonic() + 60
            while True:
                if process.poll() is not None:
                    log.seek(0)
                    raise AssertionError(f"gunicorn exited: {log.read()}")
                try:
                    if get(address, "/healthz").status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not come up"
                time.sleep(0.2)
            yield process, address
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn master's worker processes (its children, from /proc)."""
    from pathlib import Path

    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)
