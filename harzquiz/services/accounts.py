"""Accounts: email normalisation, password hashing, authentication, creating accounts."""

from __future__ import annotations

import functools
import secrets
from pathlib import Path

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from harzquiz.extensions import db
from harzquiz.models import Player, Role
from harzquiz.models.base import utcnow
from harzquiz.rules.passwords import PASSWORD_MAX, parse_common_passwords, password_problem
from harzquiz.services.merge import MergeResult, merge_guest_into
from harzquiz.services.players import nickname_problem, nickname_taken

EMAIL_MAX = 254
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"

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


@functools.cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords shipped with the code (read once per process)."""
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as lines:
        return parse_common_passwords(lines)


def password_refusal(password: str, email: str, nickname: str) -> str | None:
    """Why a new password is refused: "password" (length), "password-common",
    "password-simple" or "password-personal" (harzquiz.rules.passwords), or None."""
    problem = password_problem(password, email=email, nickname=nickname, common=common_passwords())
    if problem is None:
        return None
    return "password" if problem == "length" else f"password-{problem}"


def authenticate(email: str, password: str) -> Player | None:
    """The account with this email and password, or None (same cost either way)."""
    player = db.session.scalar(sa.select(Player).where(Player.email == normalise_email(email)))
    if player is None or not player.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return player if check_password_hash(player.password_hash, password) else None


def valid_email(email: str) -> bool:
    """Whether an address is well-formed (syntax only: no DNS lookup, no network)."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def email_taken(email: str) -> bool:
    """Whether an account already uses this email."""
    query = sa.select(Player.id).where(Player.email == normalise_email(email))
    return db.session.scalar(query.limit(1)) is not None


def account_problem(
    nickname: str,
    email: str,
    password: str,
    player_id: int | None = None,
    *,
    allow_reserved: bool = False,
) -> str | None:
    """Why these details cannot make a new account ("nickname", "taken", ...), or None.

    `player_id` is the guest who registers (their own nickname is not "taken"). A taken
    email is checked last, so it is reported only when everything else was fine. A
    reserved or insulting nickname is "nickname-reserved" or "nickname-insult".
    """
    problem = nickname_problem(nickname, allow_reserved=allow_reserved)
    if problem in ("reserved", "insult"):
        return f"nickname-{problem}"
    if problem:
        return "nickname"
    if len(email) > EMAIL_MAX or not valid_email(email):
        return "email"
    refused = password_refusal(password, email, nickname)
    if refused:
        return refused
    if nickname_taken(nickname, except_player_id=player_id):
        return "nickname-taken"
    if email_taken(email):
        return "email-taken"
    return None


def create_account(
    nickname: str, email: str, password: str, role: Role = Role.READER
) -> Player | str:
    """A new account, or the problem that refused it (nothing is stored then)."""
    # Made by an operator, who may give the newsroom's accounts reserved names.
    problem = account_problem(nickname, email, password, allow_reserved=True)
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
    player.guest_secret = None  # an account is reached by logging in, never by a guest cookie
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

    Returns the problem ("current": wrong password, else password_refusal's), or None.
    """
    if not account.password_hash or not check_password_hash(account.password_hash, current):
        return "current"
    refused = password_refusal(new, account.email or "", account.nickname)
    if refused:
        return refused
    set_password(account, new)
    db.session.commit()
    return None
