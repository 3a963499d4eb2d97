"""What makes a password acceptable (pure: the list of common passwords is passed in).

Refused: shorter than 10 or longer than 200 characters; one of the 10,000 most common
passwords (harzquiz/data/common-passwords.txt, compared case-insensitively); too simple
(fewer than 5 different characters, like `aaaaaaaaaa`, or one straight run like
`abcdefghij` or `9876543210`); or containing the account's email address, its local part
or the nickname (case-insensitively).
"""

from __future__ import annotations

from collections.abc import Container, Iterable

PASSWORD_MIN = 10
PASSWORD_MAX = 200
MIN_DISTINCT_CHARACTERS = 5
# Shorter local parts and nicknames (3 characters, say) are too common inside words to
# refuse every password containing them.
MIN_PERSONAL_LENGTH = 4


def parse_common_passwords(lines: Iterable[str]) -> frozenset[str]:
    """The passwords listed in a common-passwords file (comments and blanks skipped)."""
    return frozenset(
        line.strip().casefold() for line in lines if line.strip() and not line.startswith("#")
    )


def is_straight_run(password: str) -> bool:
    """Whether every character follows the one before by the same step of -1, 0 or +1."""
    steps = {ord(b) - ord(a) for a, b in zip(password, password[1:], strict=False)}
    return len(steps) == 1 and steps <= {-1, 0, 1}


def personal_parts(email: str, nickname: str) -> list[str]:
    """What a password must not contain: the email, its local part, the nickname."""
    email = email.strip().casefold()
    parts = [email, email.partition("@")[0], nickname.strip().casefold()]
    return [part for part in parts if len(part) >= MIN_PERSONAL_LENGTH]


def password_problem(
    password: str, *, email: str = "", nickname: str = "", common: Container[str] = ()
) -> str | None:
    """Why this password is refused ("length", "common", "simple", "personal"), or None."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return "length"
    folded = password.casefold()
    if folded in common:
        return "common"
    if len(set(folded)) < MIN_DISTINCT_CHARACTERS or is_straight_run(folded):
        return "simple"
    if any(part in folded for part in personal_parts(email, nickname)):
        return "personal"
    return None
