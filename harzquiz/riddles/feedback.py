"""Guess feedback carried from a POST to the page after the redirect (no-JavaScript path)."""

from __future__ import annotations

from dataclasses import fields

from flask import session

from harzquiz.rules.inputs import MAX_GUESS_LENGTH
from harzquiz.services.play import Outcome

STATUS_FOR_ERROR = {
    "empty": 422,
    "too_long": 422,
    "markup": 422,
    "invalid": 422,
    "closed": 409,
    "solved": 409,
    "revealed": 409,
    "hint_order": 409,
    "gone": 409,  # the guest was merged into an account mid-request: try again
    "no_hint": 404,
    "rate_limited": 429,
    "csrf": 400,
}


def feedback_dict(slug: str, guess: str, outcome: Outcome | None) -> dict | None:
    """What the feedback partial renders: the outcome plus which riddle and what was typed.

    None when there is nothing to say (no outcome, or a hint or reveal that went through:
    the play area itself shows those).
    """
    if outcome is None or outcome.verdict == "done":
        return None
    # Field by field, not asdict(): the player's state rides along for the answer, not for
    # the session, and asdict() would deep-copy it.
    said = {f.name: getattr(outcome, f.name) for f in fields(outcome) if f.name != "state"}
    return {"slug": slug, "guess": guess.strip()[:MAX_GUESS_LENGTH], **said}


def status_for(outcome: Outcome | None) -> int:
    """HTTP status for an outcome: 200 for any verdict, 4xx for errors."""
    if outcome is None or outcome.verdict != "error":
        return 200
    return STATUS_FOR_ERROR.get(outcome.error or "", 400)


def stash(feedback: dict | None) -> None:
    """Keep the feedback for the next page view (post/redirect/get)."""
    session["feedback"] = feedback


def take(slug: str) -> dict | None:
    """The stashed feedback for this riddle, removed from the session once shown."""
    stashed = session.get("feedback")
    if stashed and stashed.get("slug") == slug:
        session.pop("feedback")
        return stashed
    return None
