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
