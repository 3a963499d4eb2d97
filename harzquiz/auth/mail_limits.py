"""Rate limits on the account mail pages (each request can send a mail)."""

from __future__ import annotations

from flask import current_app

from harzquiz.auth.limits import account_key
from harzquiz.extensions import limiter

# Reset requests per client address. Per email address, the reset mails themselves are
# limited (services.account_mail: the same answer, but nothing sent beyond the quota), so
# nobody can lock the owner out of "Passwort vergessen" by asking for their address.
resets_per_address = limiter.limit(
    lambda: current_app.config["ACCOUNT_MAIL_LIMIT_PER_IP"], scope="reset-ip", methods=["POST"]
)
resends_per_address = limiter.limit(
    lambda: current_app.config["ACCOUNT_MAIL_LIMIT_PER_IP"], scope="resend-ip", methods=["POST"]
)
resends_per_account = limiter.limit(
    lambda: current_app.config["ACCOUNT_MAIL_LIMIT_PER_ACCOUNT"],
    key_func=account_key,
    scope="resend-account",
    methods=["POST"],
)
# An email change checks the current password: as guessable as a login, so as limited.
email_changes_per_address = limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_IP"], scope="email-change-ip", methods=["POST"]
)
email_changes_per_account = limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_EMAIL"],
    key_func=account_key,
    scope="email-change-account",
    methods=["POST"],
)
