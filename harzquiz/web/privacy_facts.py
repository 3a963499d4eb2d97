"""What the Datenschutz page states, read from the running config: cookie names, their
lifetimes, and how long inactive guests are kept. The page shows these values, so it never
names another figure than the app uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from harzquiz.web.evidence import DEVICE_COOKIE, DEVICE_COOKIE_SECONDS
from harzquiz.web.sessions import EMBED_COOKIE, EMBED_TOKEN_ARG


def _seconds(value: Any) -> int:
    """A lifetime from config (seconds, or a timedelta) in whole seconds."""
    return int(value.total_seconds()) if isinstance(value, timedelta) else int(value)


@dataclass(frozen=True)
class PrivacyFacts:
    """Cookie names and lifetimes and the retention period, as configured right now (the
    Datenschutz page shows these, so it never states another figure than the app uses)."""

    session_cookie: str
    session_seconds: int  # a guest's cookie (permanent)
    account_idle_seconds: int | None  # an account's browser-session login, idle limit
    remember_cookie: str
    remember_seconds: int
    embed_cookie: str
    embed_seconds: int
    embed_token_arg: str
    embed_token_seconds: int
    guest_retention_days: int
    device_cookie: str = DEVICE_COOKIE  # fair play (harzquiz.web.evidence)
    device_seconds: int = DEVICE_COOKIE_SECONDS


def privacy_facts(config) -> PrivacyFacts:
    """The figures the Datenschutz page names, from the app's config."""
    session_seconds = _seconds(config["PERMANENT_SESSION_LIFETIME"])
    idle = config.get("ACCOUNT_SESSION_IDLE_SECONDS")
    return PrivacyFacts(
        session_cookie=config["SESSION_COOKIE_NAME"],
        session_seconds=session_seconds,
        account_idle_seconds=_seconds(idle) if idle else None,
        remember_cookie=config.get("REMEMBER_COOKIE_NAME", "remember_token"),
        remember_seconds=_seconds(config["REMEMBER_COOKIE_DURATION"]),
        embed_cookie=EMBED_COOKIE,
        embed_seconds=session_seconds,
        embed_token_arg=EMBED_TOKEN_ARG,
        embed_token_seconds=_seconds(config.get("EMBED_TOKEN_MAX_AGE", session_seconds)),
        guest_retention_days=int(config["GUEST_RETENTION_DAYS"]),
    )
