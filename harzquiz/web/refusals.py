"""The HTTP status of every refusal, for riddles and quizzes alike (one map, total)."""

from __future__ import annotations

from types import MappingProxyType

from harzquiz.rules.refusals import Refusal

STATUS = MappingProxyType(
    {
        # the answer itself is malformed, or does not belong to the question
        Refusal.EMPTY: 422,
        Refusal.TOO_LONG: 422,
        Refusal.MARKUP: 422,
        Refusal.INVALID: 422,
        Refusal.TAMPERED: 422,
        Refusal.FOREIGN_CHOICE: 422,
        Refusal.ONE_CHOICE: 422,
        Refusal.NOT_A_NUMBER: 422,
        Refusal.UNKNOWN_QUESTION: 422,
        # the action does not fit where the player stands
        Refusal.CLOSED: 409,
        Refusal.SOLVED: 409,
        Refusal.REVEALED: 409,
        Refusal.HINT_ORDER: 409,
        Refusal.ANSWERED: 409,
        Refusal.NOT_REACHED: 409,
        Refusal.STALE: 409,
        Refusal.GONE: 409,
        # what the action is about does not exist (for this reader)
        Refusal.NO_HINT: 404,
        Refusal.UNPUBLISHED: 404,
        # the request
        Refusal.RATE_LIMITED: 429,
        Refusal.REVEAL_LIMITED: 429,
        Refusal.CSRF: 400,
    }
)

_missing = set(Refusal) - set(STATUS)
if _missing:  # a new refusal must say its status here: fail at import, not with a silent 400
    raise RuntimeError(f"no HTTP status for refusals: {sorted(_missing)}")


def status_for(refusal: Refusal) -> int:
    """The HTTP status of a refusal."""
    return STATUS[Refusal(refusal)]
