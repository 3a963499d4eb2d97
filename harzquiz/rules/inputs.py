"""Input checks shared by every place a reader types an answer (pure)."""

from __future__ import annotations

import unicodedata

from harzquiz.rules.refusals import Refusal

MAX_GUESS_LENGTH = 200


def guess_problem(text: str) -> Refusal | None:
    """Why a guess cannot be judged: empty, too long, markup or control characters."""
    if not text.strip():
        return Refusal.EMPTY
    if len(text) > MAX_GUESS_LENGTH:
        return Refusal.TOO_LONG
    if "<" in text or ">" in text:
        return Refusal.MARKUP
    if any(unicodedata.category(char) in ("Cc", "Cs", "Co") for char in text):
        return Refusal.INVALID
    return None
