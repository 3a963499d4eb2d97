"""Helpers for the editor desk tests: a logged-in editor and complete form data."""

from __future__ import annotations

from tests.clients import Reader
from tests.helpers import log_in_as


def editor(client, role: str = "editor") -> Reader:
    """A logged-in editor (or admin) who has a CSRF token from the desk."""
    log_in_as(client, role)
    desk = Reader(client)
    desk.open("/redaktion/")
    return desk


def riddle_data(**overrides) -> dict:
    """A complete, valid riddle form: live since Monday 08:00 Berlin for a week."""
    data = {
        "title": "Aus der Boje",
        "slug": "aus-der-boje",
        "question": "Was wurde 1952 aus einer halben Boje gebaut?",
        "solution": "Kugelgrill",
        "explanation": "George Stephen schnitt eine Boje durch.",
        "alternatives-0-text": "Weber-Grill",
        "near_misses-0-phrase": "Grill",
        "near_misses-0-nudge": "Welcher Grill genau?",
        "hints-0-text": "Er hat einen Deckel.",
        "hints-0-cost": "20",
        "hints-1-text": "Er ist rund.",
        "hints-1-cost": "30",
        "points": "100",
        "publish_at": "2026-11-23T08:00",
        "closes_at": "2026-11-30T08:00",
        "article_id": "0",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
