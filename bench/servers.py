"""Starting gunicorn for the app and for the baseline with the same settings."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
WORKERS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def app_environment(database_url: str) -> dict:
    """The app's settings for a run: its database, a throwaway key, no rate limits."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARZQUIZ_")}
    env.update(
        DATABASE_URL=database_url,
        SECRET_KEY="benchmark-only-secret-not-for-production-use",
        HARZQUIZ_RATELIMIT_ENABLED="false",
    )
    env.pop("REDIS_URL", None)
    return env


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not come up")


@contextmanager
def gunicorn(app: str, env: dict, log: Path):
    """`gunicorn -w 2` (sync workers) serving `app`; yields its base URL; stops it after."""
    port = free_port()
    with log.open("ab") as out:
        process = subprocess.Popen(
            [
                GUNICORN,
                "-w",
                str(WORKERS),
                "-k",
                "sync",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                app,
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=out,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/", process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
