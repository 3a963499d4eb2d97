"""The current time, in one place so tests can move it (app.config["NOW"]).

Tests freeze it; app servers started by tests get the same frozen time through
`HARZQUIZ_NOW` (an ISO 8601 string), so a test never mixes the real and the frozen clock.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flask import current_app, has_app_context


def parse_frozen(value: object) -> datetime | None:
    """config["NOW"] as an aware datetime: given as one, or as an ISO 8601 string."""
    if value is None or value == "":
        return None
    frozen = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if frozen.tzinfo is None:
        raise ValueError("NOW must carry a time zone, e.g. 2026-11-25T10:00:00+00:00")
    return frozen.astimezone(UTC)


def wall_seconds() -> float:
    """The real time in seconds since the epoch, never frozen: only for comparing with
    timestamps a library takes from the wall clock itself (itsdangerous signs Flask's
    session cookie with it: web.sessions refreshes a cookie by its age)."""
    return time.time()


def now() -> datetime:
    """Aware UTC now, or the frozen time a test put into config["NOW"]."""
    frozen = current_app.config.get("NOW") if has_app_context() else None
    return frozen if frozen is not None else datetime.now(UTC)
