"""A local stand-in for outside HTTP APIs (Telegram's Bot API): records every request and
answers as told. No test ever calls the internet."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Recorded:
    path: str
    body: dict


@dataclass
class StandIn:
    """What the server received; `status` and `answer` decide its reply."""

    url: str = ""
    requests: list[Recorded] = field(default_factory=list)
    status: int = 200
    answer: dict = field(default_factory=lambda: {"ok": True, "result": {}})


@contextmanager
def telegram_standin():
    """A Bot API stand-in on a free local port (TELEGRAM_API_URL = standin.url)."""
    standin = StandIn()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            standin.requests.append(Recorded(self.path, body))
            payload = json.dumps(standin.answer).encode()
            self.send_response(standin.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):  # keep the test output clean
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    standin.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield standin
    finally:
        server.shutdown()
        server.server_close()
