"""Rate limits on logins: per address, and per email address tried."""

from __future__ import annotations

from flask import current_app, request

from ..extensions import limiter
from ..game.accounts import normalise_email


def tried_email_key() -> str:
    """The email a login tries, so one account cannot be guessed at from many addresses."""
    return f"email:{normalise_email(request.form.get('email', ''))[:254]}"


logins_per_address = limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_IP"], scope="login-ip", methods=["POST"]
)
logins_per_email = limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_EMAIL"],
    key_func=tried_email_key,
    scope="login-email",
    methods=["POST"],
)
