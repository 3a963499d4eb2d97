"""Which board periods a point earned at a given moment counts towards (pure).

A period is named by a short key: "all" for all time, "w2026-11-30" for the Berlin week
that starts on that Monday, "m2026-11" for the Berlin month. Per-player totals
(services.totals) are kept under these keys, so a board is one indexed range of rows.
"""

from __future__ import annotations

from datetime import datetime

from harzquiz.rules.berlin import BERLIN
from harzquiz.rules.lifecycle import week_start

ALL_TIME = "all"


def week_key(at: datetime) -> str:
    """The key of the Berlin week `at` falls in."""
    return "w" + week_start(at).date().isoformat()


def month_key(at: datetime) -> str:
    """The key of the Berlin month `at` falls in."""
    local = at.astimezone(BERLIN)
    return f"m{local.year:04d}-{local.month:02d}"


def period_keys(at: datetime) -> tuple[str, str, str]:
    """Every period a point earned at `at` counts towards: all time, its week, its month."""
    return (ALL_TIME, week_key(at), month_key(at))
