"""The current time, in one place so tests can move it (app.config["NOW"])."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app


def now() -> datetime:
    """Aware UTC now, or the frozen time a test put into config["NOW"]."""
    frozen = current_app.config.get("NOW")
    return frozen if frozen is not None else datetime.now(UTC)
