"""Accounts: email normalisation, password hashing, authentication, creating accounts."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import Player, Role
from .players import nickname_problem, nickname_taken

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


def account_problem(nickname: str, email: str, password: str) -> str | None:
    """Why these details cannot make a new account ("nickname", "taken", ...), or None."""
    if nickname_problem(nickname):
        return "nickname"
    if "@" not in email or len(email) > EMAIL_MAX:
        return "email"
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        return "password"
    if email_taken(email):
        return "email-taken"
    if nickname_taken(nickname):
        return "nickname-taken"
    return None


def create_account(
    nickname: str, email: str, password: str, role: Role = Role.READER
) -> Player | str:
    """A new account, or the problem that refused it (nothing is stored then)."""
    problem = account_problem(nickname, email, password)
    if problem:
        return problem
    player = Player(nickname=nickname, email=normalise_email(email), role=role)
    set_password(player, password)
    db.session.add(player)
    try:
        db.session.commit()
    except IntegrityError:  # a concurrent registration took the email or nickname
        db.session.rollback()
        return "taken"
    return player
