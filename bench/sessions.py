"""Prepared players for the guess benchmark: a session cookie and CSRF token each."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _session_cookie(response) -> str | None:
    for header in response.headers.get_all("Set-Cookie") or ():
        cookie = SimpleCookie(header)
        if "session" in cookie:
            return f"session={cookie['session'].value}"
    return None


def new_player(base: str, path: str) -> tuple[str, str]:
    """Open the riddle page like a new reader, make a first wrong guess: (cookie, token)."""
    with urllib.request.urlopen(base + path) as page:
        token = CSRF.search(page.read().decode()).group(1)
        cookie = _session_cookie(page)
    body = urllib.parse.urlencode({"csrf_token": token, "guess": "Erster Versuch"}).encode()
    request = urllib.request.Request(
        base + path + "/raten",
        data=body,
        method="POST",
        headers={"Cookie": cookie, "HX-Request": "true", "HX-Current-URL": base + path},
    )
    with urllib.request.urlopen(request) as answer:
        if answer.status != 200:
            raise RuntimeError(f"first guess answered {answer.status}")
        return _session_cookie(answer) or cookie, token


def write_sessions(base: str, path: str, count: int, target: Path) -> Path:
    """`count` players who are still playing the riddle, one "cookie<TAB>token" per line."""
    lines = ["\t".join(new_player(base, path)) for _ in range(count)]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target
