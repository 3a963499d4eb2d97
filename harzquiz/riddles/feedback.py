"""Guess feedback carried from a POST to the page after the redirect (no-JavaScript path)."""

from __future__ import annotations

from dataclasses import fields

from flask import session

from harzquiz.rules.inputs import MAX_GUESS_LENGTH
from harzquiz.rules.refusals import Refusal
from harzquiz.services.play import Outcome
from harzquiz.web.refusals import status_for as refusal_status


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
    if outcome.error is None:
        raise ValueError("an error outcome without a refusal")
    return refusal_status(outcome.error)


def stash(feedback: dict | None) -> None:
    """Keep the feedback for the next page view (post/redirect/get)."""
    session["feedback"] = feedback


def take(slug: str) -> dict | None:
    """The stashed feedback for this riddle, removed from the session once shown.

    What was shown is kept as the last feedback, so that unlocking a hint next can show it
    again (`keep_last`); a view without feedback forgets it.
    """
    stashed = session.get("feedback")
    if stashed and stashed.get("slug") == slug:
        session.pop("feedback")
        session["feedback_last"] = stashed
        return stashed
    if session.get("feedback_last", {}).get("slug") == slug:
        session.pop("feedback_last")
    return None


def keep_last(slug: str) -> None:
    """Show the last feedback on this riddle again on the next view (a hint unlocked
    without JavaScript keeps the verdict it followed visible)."""
    last = session.get("feedback_last")
    if last and last.get("slug") == slug:
        stash(last)


def ends_play(feedback: dict | None, slug: str) -> bool:
    """The feedback itself says how play ended (a solve, or a guess after the close), so
    the play area does not say it a second time (templates/riddles/_play.html)."""
    if not feedback or feedback.get("slug") != slug:
        return False
    return feedback.get("verdict") == "correct" or feedback.get("error") == Refusal.CLOSED
