"""Rate limits on the account mail pages (each request can send a mail)."""

from __future__ import annotations

from harzquiz.auth.limits import account_key, posts_limited

# Reset requests per client address. Per email address, the reset mails themselves are
# limited (services.account_mail: the same answer, but nothing sent beyond the quota), so
# nobody can lock the owner out of "Passwort vergessen" by asking for their address.
resets_per_address = posts_limited("ACCOUNT_MAIL_LIMIT_PER_IP", "reset-ip")
resends_per_address = posts_limited("ACCOUNT_MAIL_LIMIT_PER_IP", "resend-ip")
resends_per_account = posts_limited("ACCOUNT_MAIL_LIMIT_PER_ACCOUNT", "resend-account", account_key)
# An email change checks the current password: as guessable as a login, so as limited.
email_changes_per_address = posts_limited("LOGIN_LIMIT_PER_IP", "email-change-ip")
email_changes_per_account = posts_limited(
    "PASSWORD_CHANGE_LIMIT_PER_ACCOUNT", "email-change-account", account_key
)
