""" "Punkte sichern": an embed guest's progress moves into an account on the main site.

The embed cannot log anyone in (its session lives in the partner's frame), so its "Punkte
sichern" link opens the site in a new tab with a code: signed with the app's SECRET_KEY
(itsdangerous, its own salt), for one partner and one embed guest (id plus a fingerprint of
the guest's cookie secret), short-lived (CLAIM_CODE_MAX_AGE) and single-use (its nonce is
stored in `claim_code_use` in the transaction that redeems it). Redeeming merges the guest
into the account by services.merge's rules, exactly as a login would. A code that is
forged, expired, used, for another partner, or whose guest is gone changes nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy.exc import IntegrityError

from harzquiz import clock
from harzquiz.extensions import db
from harzquiz.models import ClaimCodeUse, Partner, Player
from harzquiz.services.merge import MergeResult, merge_guest_into

SALT = "harzquiz.embed.claim-points"


class ClaimProblem(StrEnum):
    """Why a code does not work (the page and status the reader gets)."""

    INVALID = "invalid"  # forged, garbled or cut off: 400
    OTHER_PARTNER = "other-partner"  # signed for another partner's embed: 400
    EXPIRED = "expired"  # older than CLAIM_CODE_MAX_AGE: 410
    USED = "used"  # redeemed before: 410
    GONE = "gone"  # the guest no longer exists (merged elsewhere, deleted): 410


@dataclass(frozen=True)
class Claim:
    """A code that checked out: whose progress it moves, and its single-use nonce."""

    guest: Player
    nonce: str


class _ClockSigner(TimestampSigner):
    """Signs and ages codes by the app clock (tests move it), like the account mail links."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT, signer=_ClockSigner)


def _fingerprint(guest: Player) -> str:
    """Ties a code to the guest's cookie secret (a new secret ends every older code)."""
    return hashlib.sha256((guest.guest_secret or "").encode()).hexdigest()[:16]


def mint(partner: Partner, guest: Player) -> str:
    """A fresh code for this embed guest of this partner."""
    payload = {
        "p": partner.id,
        "g": guest.id,
        "f": _fingerprint(guest),
        "n": secrets.token_urlsafe(16),  # 22 characters
    }
    return _serializer().dumps(payload)


def check(partner: Partner, code: str) -> Claim | ClaimProblem:
    """Whether `code` may be redeemed on this partner's claim page; writes nothing."""
    try:
        payload = _serializer().loads(code, max_age=current_app.config["CLAIM_CODE_MAX_AGE"])
    except SignatureExpired:
        return ClaimProblem.EXPIRED
    except BadSignature:
        return ClaimProblem.INVALID
    if not isinstance(payload, dict) or not all(
        isinstance(payload.get(k), t) for k, t in (("p", int), ("g", int), ("f", str), ("n", str))
    ):
        return ClaimProblem.INVALID
    if payload["p"] != partner.id:
        return ClaimProblem.OTHER_PARTNER
    if db.session.get(ClaimCodeUse, payload["n"]) is not None:
        return ClaimProblem.USED
    guest = db.session.get(Player, payload["g"])
    if guest is None or guest.is_account or _fingerprint(guest) != payload["f"]:
        return ClaimProblem.GONE
    return Claim(guest=guest, nonce=payload["n"])


def redeem(partner: Partner, code: str, account: Player) -> MergeResult | ClaimProblem:
    """Mark the code used and move the guest's progress into `account`, in one transaction."""
    claim = check(partner, code)
    if isinstance(claim, ClaimProblem):
        return claim
    db.session.add(ClaimCodeUse(nonce=claim.nonce, partner_id=partner.id, used_at=clock.now()))
    try:
        db.session.flush()  # a second redeem of the same code fails here, before any move
        return merge_guest_into(claim.guest, account)  # commits the marker with the merge
    except IntegrityError:
        db.session.rollback()
        return ClaimProblem.USED
