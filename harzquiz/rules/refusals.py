"""Why a riddle or quiz action was refused (pure): one type for both, so a typo is an error.

The values are the codes that travel in feedback (the session, the quiz alert's
``data-error``): a :class:`Refusal` is a ``str``, so ``Refusal.EMPTY == "empty"``. The HTTP
status of each refusal is the web layer's business (:mod:`harzquiz.web.refusals`); the
messages live where they are rendered (``riddles/_feedback.html``, ``quizzes/_alert.html``).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Refusal"]


class Refusal(StrEnum):
    """Every reason a guess, hint, reveal or quiz answer is not taken."""

    # The typed answer itself cannot be judged (riddles and quizzes alike).
    EMPTY = "empty"
    TOO_LONG = "too_long"
    MARKUP = "markup"
    INVALID = "invalid"  # control or private-use characters
    # A quiz answer that does not fit its question (a tampered or outdated form).
    TAMPERED = "tampered"
    FOREIGN_CHOICE = "foreign_choice"
    ONE_CHOICE = "one_choice"
    NOT_A_NUMBER = "not_a_number"
    UNKNOWN_QUESTION = "unknown_question"
    # Where the player stands does not allow it.
    CLOSED = "closed"
    SOLVED = "solved"
    REVEALED = "revealed"
    HINT_ORDER = "hint_order"
    ANSWERED = "answered"
    NOT_REACHED = "not_reached"
    STALE = "stale"
    GONE = "gone"  # the guest was merged into an account mid-request: try again
    # What the action is about is not there.
    NO_HINT = "no_hint"
    UNPUBLISHED = "unpublished"
    # The request, not the answer.
    RATE_LIMITED = "rate_limited"
    REVEAL_LIMITED = "reveal_limited"  # too many reveals from this client address
    CSRF = "csrf"
