"""HTTP status per refused quiz answer (the messages themselves are in quizzes/_alert.html)."""

from __future__ import annotations

STATUS_FOR_ERROR = {
    # the answer itself is malformed or does not belong to the question
    "empty": 422,
    "tampered": 422,
    "foreign_choice": 422,
    "one_choice": 422,
    "not_a_number": 422,
    "too_long": 422,
    "markup": 422,
    "invalid": 422,
    "unknown_question": 422,
    # the answer does not fit where the player stands
    "answered": 409,
    "not_reached": 409,
    "stale": 409,
    "gone": 409,  # the guest was merged into an account mid-request: try again
    "unpublished": 404,
    "rate_limited": 429,
    "csrf": 400,
}


def status_for(error: str) -> int:
    """The HTTP status of a refusal (400 for anything unforeseen)."""
    return STATUS_FOR_ERROR.get(error, 400)
