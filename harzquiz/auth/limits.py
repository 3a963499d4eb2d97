"""Rate limits on logins, registrations and password changes."""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user

from harzquiz.extensions import limiter
from harzquiz.services.accounts import normalise_email


def tried_email_key() -> str:
    """The email a login tries, so one account cannot be guessed at from many addresses."""
    return f"email:{normalise_email(request.form.get('email', ''))[:254]}"


def address_and_email_key() -> str:
    """The client address with the email it tries: one address guessing at one account.

    This, not the email alone, is the tight limit: a limit on the email alone would let
    anyone lock the owner out (from every address) by failing on purpose."""
    return f"{get_remote_address()}|{tried_email_key()}"


def account_key() -> str:
    """The logged-in account (its player id: the login id changes with the password)."""
    return f"account:{current_user.id if current_user.is_authenticated else 'none'}"


def posts_limited(setting: str, scope: str, key_func=None):
    """A rate limit on POSTs from the config value `setting` (read per request), by client
    address unless `key_func` says otherwise."""
    extra = {"key_func": key_func} if key_func is not None else {}
    return limiter.limit(
        lambda: current_app.config[setting], scope=scope, methods=["POST"], **extra
    )


logins_per_address = posts_limited("LOGIN_LIMIT_PER_IP", "login-ip")
logins_per_address_and_email = posts_limited(
    "LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL", "login-address-email", address_and_email_key
)
# Only a brake on guessing one account from very many addresses: so high that nobody can
# use it to lock the owner out in practice.
logins_per_email = posts_limited("LOGIN_LIMIT_PER_EMAIL", "login-email", tried_email_key)
# Each attempt creates an account or tells whether an email can register: keep both slow.
registrations_per_address = posts_limited("REGISTER_LIMIT_PER_IP", "register-ip")
# A password change checks the current password: as guessable as a login, so as limited.
password_changes_per_address = posts_limited("LOGIN_LIMIT_PER_IP", "password-ip")
password_changes_per_account = posts_limited(
    "PASSWORD_CHANGE_LIMIT_PER_ACCOUNT", "password-account", account_key
)
