"""Guess feedback carried from a POST to the page after the redirect (no-JavaScript path)."""

from __future__ import annotations

from dataclasses import asdict

from flask import session

from ..game.play import Outcome

STATUS_FOR_ERROR = {
    "empty": 422,
    "too_long": 422,
    "markup": 422,
    "invalid": 422,
    "closed": 409,
    "solved": 409,
    "revealed": 409,
    "hint_order": 409,
    "rate_limited": 429,
    "csrf": 400,
}


def feedback_dict(slug: str, guess: str, outcome: Outcome) -> dict:
    """What the feedback partial renders: the outcome plus which riddle and what was typed."""
    return {"slug": slug, "guess": guess[:200], **asdict(outcome)}


def status_for(outcome: Outcome) -> int:
    """HTTP status for a guess outcome: 200 for any verdict, 4xx for errors."""
    return STATUS_FOR_ERROR.get(outcome.error, 400) if outcome.verdict == "error" else 200


def stash(feedback: dict) -> None:
    """Keep the feedback for the next page view (post/redirect/get)."""
    session["feedback"] = feedback


def take(slug: str) -> dict | None:
    """The stashed feedback for this riddle, removed from the session once shown."""
    stashed = session.get("feedback")
    if stashed and stashed.get("slug") == slug:
        session.pop("feedback")
        return stashed
    return None
