"""Accounts: email normalisation, password hashing, authentication, creating accounts."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from harzquiz.extensions import db
from harzquiz.models import Player, Role
from harzquiz.models.base import utcnow
from harzquiz.services.merge import MergeResult, merge_guest_into
from harzquiz.services.players import nickname_problem, nickname_taken

PASSWORD_MIN = 10
PASSWORD_MAX = 200
EMAIL_MAX = 254

# Checked when no account matches, so a wrong email costs as long as a wrong password
# (the response time must not tell which emails have accounts).
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


def normalise_email(email: str) -> str:
    """The stored form of an email address: trimmed, lower case."""
    return email.strip().casefold()


def new_login_id() -> str:
    """A fresh Flask-Login session id for an account."""
    return secrets.token_urlsafe(32)


def set_password(player: Player, password: str) -> None:
    """Hash and store a new password; every other session of the account ends."""
    player.password_hash = generate_password_hash(password)
    player.login_id = new_login_id()


def authenticate(email: str, password: str) -> Player | None:
    """The account with this email and password, or None (same cost either way)."""
    player = db.session.scalar(sa.select(Player).where(Player.email == normalise_email(email)))
    if player is None or not player.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return player if check_password_hash(player.password_hash, password) else None


def email_taken(email: str) -> bool:
    """Whether an account already uses this email."""
    query = sa.select(Player.id).where(Player.email == normalise_email(email))
    return db.session.scalar(query.limit(1)) is not None


def account_problem(
    nickname: str, email: str, password: str, player_id: int | None = None
) -> str | None:
    """Why these details cannot make a new account ("nickname", "taken", ...), or None.

    `player_id` is the guest who registers (their own nickname is not "taken"). A taken
    email is checked last, so it is reported only when everything else was fine.
    """
    if nickname_problem(nickname):
        return "nickname"
    if "@" not in email or len(email) > EMAIL_MAX:
        return "email"
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return "password"
    if nickname_taken(nickname, except_player_id=player_id):
        return "nickname-taken"
    if email_taken(email):
        return "email-taken"
    return None


def create_account(
    nickname: str, email: str, password: str, role: Role = Role.READER
) -> Player | str:
    """A new account, or the problem that refused it (nothing is stored then)."""
    problem = account_problem(nickname, email, password)
    if problem:
        return problem
    player = Player(nickname=nickname, email=normalise_email(email), role=role)
    # Made by an operator (`flask create-user`), who vouches for the address.
    player.email_confirmed_at = utcnow()
    set_password(player, password)
    db.session.add(player)
    return _commit_account(player)


def _commit_account(player: Player) -> Player | str:
    """Store the new account; a concurrent registration taking its email or name refuses it."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "taken"
    return player


def register(guest: Player | None, nickname: str, email: str, password: str) -> Player | str:
    """A reader registers: the guest row (if any) becomes the account, keeping everything
    it played; else a new account. Returns the account, or the problem (nothing stored).

    The password is hashed before the email is looked up, so a taken email answers as
    slowly as a successful registration.
    """
    if guest is not None and guest.is_account:
        raise ValueError("an account cannot register again")
    password_hash = generate_password_hash(password[:PASSWORD_MAX])
    problem = account_problem(nickname, email, password, guest.id if guest else None)
    if problem:
        return problem
    player = guest or Player()
    player.nickname = nickname
    player.email = normalise_email(email)
    player.role = Role.READER
    player.password_hash = password_hash
    player.login_id = new_login_id()
    db.session.add(player)  # a guest's new nickname moves the points stamp (caching.listener)
    return _commit_account(player)


def sign_in(email: str, password: str, guest: Player | None) -> tuple[Player, MergeResult] | None:
    """Authenticate; a guest playing in this browser hands its progress to the account.

    None (and nothing changed) when the email and password do not match.
    """
    account = authenticate(email, password)
    if account is None:
        return None
    if guest is None or guest.is_account:
        return account, MergeResult()
    return account, merge_guest_into(guest, account)


def change_password(account: Player, current: str, new: str) -> str | None:
    """Set a new password if `current` is right; every other session ends (login_id rotates).

    Returns the problem ("current": wrong password, "password": bad new one), or None.
    """
    if not account.password_hash or not check_password_hash(account.password_hash, current):
        return "current"
    if not PASSWORD_MIN <= len(new) <= PASSWORD_MAX:
        return "password"
    set_password(account, new)
    db.session.commit()
    return None
