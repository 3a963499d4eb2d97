"""Pure rules for announcing a new riddle: when a failed message is tried again."""

from __future__ import annotations

from datetime import timedelta

# After the first failed try wait 1 minute, then 5, 15, 60, then 3 hours between tries.
RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=3),
)


def retry_delay(failed_attempts: int) -> timedelta:
    """How long to wait after the `failed_attempts`-th failed try (1 for the first)."""
    if failed_attempts < 1:
        raise ValueError("failed_attempts counts from 1")
    return RETRY_DELAYS[min(failed_attempts, len(RETRY_DELAYS)) - 1]


def gives_up(failed_attempts: int, max_attempts: int) -> bool:
    """True when a message has failed as often as it may: it is marked failed for good."""
    return failed_attempts >= max_attempts
