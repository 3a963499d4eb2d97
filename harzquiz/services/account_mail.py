"""Account mail: confirming an address, "Passwort vergessen", changing the address.

Every link carries a token signed with the app's SECRET_KEY (itsdangerous), with its own
salt per purpose, so a token for one purpose never works for another:

- confirm:  account id + email; valid while the account still has that email.
- reset:    account id + a fingerprint of the password hash and login id; setting the new
            password changes both, so a link works once (and a login elsewhere that rotates
            the login id, or a password change, ends every reset link sent before).
- change:   account id + old and new email; valid while the account still has the old one.

Tokens age by the app clock (harzquiz.clock), so tests move time with app.config["NOW"].
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from limits import parse
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from harzquiz import clock
from harzquiz.extensions import db, limiter
from harzquiz.models import Player
from harzquiz.services import mail
from harzquiz.services.accounts import (
    EMAIL_MAX,
    email_taken,
    normalise_email,
    password_refusal,
    set_password,
    valid_email,
)

CONFIRM_SALT = "harzquiz.account.confirm-email"
RESET_SALT = "harzquiz.account.reset-password"
CHANGE_SALT = "harzquiz.account.change-email"


class LinkProblem(StrEnum):
    """Why a link from a mail does not work (the page and status the reader gets)."""

    INVALID = "invalid"  # forged, garbled or cut off: 400
    EXPIRED = "expired"  # older than its lifetime: 410
    USED = "used"  # already used, or the account changed since it was sent: 410
    TAKEN = "taken"  # email change: another account took the address meanwhile: 409


class _ClockSigner(TimestampSigner):
    """Signs and ages tokens by the app clock, not the wall clock (tests move it)."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt, signer=_ClockSigner)


def _load(salt: str, token: str, max_age: int) -> dict | LinkProblem:
    """The token's payload, or why it is refused."""
    try:
        payload = _serializer(salt).loads(token, max_age=max_age)
    except SignatureExpired:
        return LinkProblem.EXPIRED
    except BadSignature:
        return LinkProblem.INVALID
    return (
        payload
        if isinstance(payload, dict) and isinstance(payload.get("p"), int)
        else (LinkProblem.INVALID)
    )


def _account(player_id: int) -> Player | None:
    player = db.session.get(Player, player_id)
    return player if player is not None and player.is_account else None


def email_problem(email: str) -> str | None:
    """Whether an address is unusable ("email"), the same check as registration's."""
    return "email" if len(email) > EMAIL_MAX or not valid_email(email) else None


def new_password_problem(player: Player, password: str) -> str | None:
    """Why a new password is refused (services.accounts.password_refusal), or None."""
    return password_refusal(password, player.email or "", player.nickname)


# --- confirming the address (double opt-in) --------------------------------------------------


def confirmation_token(player: Player) -> str:
    return _serializer(CONFIRM_SALT).dumps({"p": player.id, "e": player.email})


def send_confirmation(player: Player) -> bool:
    """Mail the confirmation link to the account's address; False if it could not be sent."""
    link = mail.external_url("recovery.confirm_email", token=confirmation_token(player))
    return mail.send(
        player.email or "",
        _("Bitte bestätige deine E-Mail-Adresse"),
        "confirm_email",
        nickname=player.nickname,
        link=link,
        hours=current_app.config["CONFIRM_EMAIL_MAX_AGE"] // 3600,
    )


def check_confirmation(token: str) -> Player | LinkProblem:
    """The account a confirmation link is for, or why it does not work."""
    payload = _load(CONFIRM_SALT, token, current_app.config["CONFIRM_EMAIL_MAX_AGE"])
    if isinstance(payload, LinkProblem):
        return payload
    player = _account(payload["p"])
    if player is None or player.email != payload.get("e"):
        return LinkProblem.USED
    return player


def confirm_email(token: str) -> Player | LinkProblem:
    """Mark the address confirmed (again is fine: the link only proves the same thing)."""
    player = check_confirmation(token)
    if isinstance(player, Player) and player.email_confirmed_at is None:
        player.email_confirmed_at = clock.now()
        db.session.commit()
    return player


# --- "Passwort vergessen" ----------------------------------------------------------------


def _fingerprint(player: Player) -> str:
    """Changes whenever the password hash or the login id changes; reveals neither."""
    material = f"{player.password_hash}\0{player.login_id}".encode()
    return hashlib.sha256(material).hexdigest()[:32]


def reset_token(player: Player) -> str:
    return _serializer(RESET_SALT).dumps({"p": player.id, "v": _fingerprint(player)})


def _may_mail_reset(email: str) -> bool:
    """The per-email quota of reset mails (Flask-Limiter's storage). Over it, nothing is
    sent, but the reader gets the same answer: the mails sent before still work."""
    limit = parse(current_app.config["RESET_MAILS_PER_EMAIL"])
    return limiter.limiter.hit(limit, "reset-mail", email)


def request_password_reset(email: str) -> None:
    """Mail a reset link if an account has this address. Says nothing either way, and does
    the same work (composing the mail) either way; a failed send is only logged, since
    telling the reader would tell whether the address has an account."""
    email = normalise_email(email)
    player = db.session.scalar(sa.select(Player).where(Player.email == email))
    subject = _("Dein neues Passwort für %(site)s", site=current_app.config["SITE_NAME"])
    context = {"hours": current_app.config["RESET_PASSWORD_MAX_AGE"] // 3600}
    if player is None or not player.password_hash:
        mail.compose(
            "nobody@invalid.example", subject, "reset_password", nickname="", link="", **context
        )
        return
    if not _may_mail_reset(email):
        return
    link = mail.external_url("recovery.reset_password", token=reset_token(player))
    mail.send(
        player.email or "",
        subject,
        "reset_password",
        nickname=player.nickname,
        link=link,
        **context,
    )


def check_reset(token: str) -> Player | LinkProblem:
    """The account a reset link is for, or why it does not work (any more)."""
    payload = _load(RESET_SALT, token, current_app.config["RESET_PASSWORD_MAX_AGE"])
    if isinstance(payload, LinkProblem):
        return payload
    player = _account(payload["p"])
    fingerprint = payload.get("v")
    if player is None or not isinstance(fingerprint, str):
        return LinkProblem.USED
    if not hmac.compare_digest(fingerprint, _fingerprint(player)):
        return LinkProblem.USED
    return player


def reset_password(token: str, password: str) -> Player | LinkProblem | str:
    """Set a new password through a reset link: the account, a LinkProblem, or "password"
    (the new one is refused). Every session of the account ends (the login id rotates),
    and so does the link. Receiving the link proves the address, so it counts as confirmed."""
    player = check_reset(token)
    if not isinstance(player, Player):
        return player
    problem = new_password_problem(player, password)
    if problem:
        return problem
    set_password(player, password)
    if player.email_confirmed_at is None:
        player.email_confirmed_at = clock.now()
    db.session.commit()
    return player


# --- changing the address ------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRequest:
    """What an email change request did: refused (problem), or mailed (sent: delivered)."""

    problem: str | None = None
    sent: bool = False


def change_token(player: Player, new_email: str) -> str:
    return _serializer(CHANGE_SALT).dumps({"p": player.id, "o": player.email, "n": new_email})


def request_email_change(player: Player, password: str, new_email: str) -> ChangeRequest:
    """Check the password and the new address, then mail a confirmation link to the new
    address and a notice to the old one. Nothing changes until the link is used.

    Problems: "current" (wrong password), "email" (unusable), "same", "taken".
    """
    if not player.password_hash or not check_password_hash(player.password_hash, password):
        return ChangeRequest("current")
    new_email = normalise_email(new_email)
    if email_problem(new_email):
        return ChangeRequest("email")
    if new_email == player.email:
        return ChangeRequest("same")
    if email_taken(new_email):
        return ChangeRequest("taken")
    hours = current_app.config["CHANGE_EMAIL_MAX_AGE"] // 3600
    link = mail.external_url("recovery.confirm_email_change", token=change_token(player, new_email))
    sent = mail.send(
        new_email,
        _("Bitte bestätige deine neue E-Mail-Adresse"),
        "change_email",
        nickname=player.nickname,
        link=link,
        hours=hours,
    )
    if sent:
        mail.send(
            player.email or "",
            _("Deine E-Mail-Adresse soll geändert werden"),
            "change_email_notice",
            nickname=player.nickname,
            new_email=new_email,
            login=mail.external_url("recovery.forgot_password"),
        )
    return ChangeRequest(sent=sent)


def check_email_change(token: str) -> tuple[Player, str] | LinkProblem:
    """The account and new address of a change link, or why it does not work."""
    payload = _load(CHANGE_SALT, token, current_app.config["CHANGE_EMAIL_MAX_AGE"])
    if isinstance(payload, LinkProblem):
        return payload
    player = _account(payload["p"])
    new_email = payload.get("n")
    if player is None or not isinstance(new_email, str) or player.email != payload.get("o"):
        return LinkProblem.USED
    if email_taken(new_email):
        return LinkProblem.TAKEN
    return player, new_email


def change_email(token: str) -> Player | LinkProblem:
    """Move the account to the new address (confirmed by the link itself)."""
    checked = check_email_change(token)
    if isinstance(checked, LinkProblem):
        return checked
    player, new_email = checked
    player.email = new_email
    player.email_confirmed_at = clock.now()
    try:
        db.session.commit()
    except IntegrityError:  # another account took the address a moment ago
        db.session.rollback()
        return LinkProblem.TAKEN
    return player
