"""The rush: fresh guests solve the live riddle at a steady rate while players load pages.

Each solve is what a new reader does: open the riddle page (a cookie and a CSRF token), then
post the right answer as htmx. A background thread keeps the rate; the page load runs in wrk
at the same time, so its throughput and p99 show what the solves cost everybody else.
"""

from __future__ import annotations

import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from .sessions import CSRF, _session_cookie

IN_FLIGHT = 8  # solves under way at once, at most


def solve_once(base: str, path: str, answer: str) -> bool:
    """A fresh guest solves the riddle at `path`; whether the answer said correct."""
    with urllib.request.urlopen(base + path) as page:
        token = CSRF.search(page.read().decode()).group(1)
        cookie = _session_cookie(page)
    body = urllib.parse.urlencode({"csrf_token": token, "guess": answer}).encode()
    request = urllib.request.Request(
        base + path + "/raten",
        data=body,
        method="POST",
        headers={"Cookie": cookie or "", "HX-Request": "true", "HX-Current-URL": base + path},
    )
    with urllib.request.urlopen(request) as response:
        return 'data-verdict="correct"' in response.read().decode()


class Solver:
    """Solves at `rate` per second in a thread until stopped; counts what it did."""

    def __init__(self, base: str, path: str, answer: str, rate: float):
        self.base, self.path, self.answer, self.rate = base, path, answer, rate
        self.solved = 0
        self.failed = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Solver:
        if self.rate > 0:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _one(self) -> None:
        try:
            ok = solve_once(self.base, self.path, self.answer)
        except OSError:
            ok = False
        with self._lock:
            if ok:
                self.solved += 1
            else:
                self.failed += 1

    def _run(self) -> None:
        # Solves start on a schedule, several in flight at once: one after another, a slow
        # answer on a busy machine would hold the rate down (measured: 2 instead of 20/s).
        interval = 1.0 / self.rate
        due = time.monotonic()
        with ThreadPoolExecutor(max_workers=IN_FLIGHT) as pool:
            while not self._stop.is_set():
                pool.submit(self._one)
                due += interval
                self._stop.wait(max(0.0, due - time.monotonic()))
