"""Input checks shared by every place a reader types an answer (pure)."""

from __future__ import annotations

import unicodedata

MAX_GUESS_LENGTH = 200

def guess_problem(text: str) -> str | None:
    """Why a guess cannot be judged: empty, too long, markup or control characters."""
    if not text.strip():
        return "empty"
    if len(text) > MAX_GUESS_LENGTH:
        return "too_long"
    if "<" in text or ">" in text:
        return "markup"
    if any(unicodedata.category(char) in ("Cc", "Cs", "Co") for char in text):
        return "invalid"
    return None
