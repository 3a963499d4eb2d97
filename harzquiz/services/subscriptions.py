"""An account's mail opt-in for new riddles, and the one-click unsubscribe token."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from harzquiz.extensions import db
from harzquiz.models import MailSubscription, Player

TOKEN_SALT = "harzquiz.unsubscribe"


def subscription(player: Player | None) -> MailSubscription | None:
    """The account's answer (None: never asked, or a guest)."""
    if player is None or player.email is None:
        return None
    return db.session.get(MailSubscription, player.id)


def choose(player: Player, opted_in: bool, language: str, now: datetime) -> MailSubscription:
    """Record the account's answer (and the language its mails are written in)."""
    row = db.session.get(MailSubscription, player.id) or MailSubscription(player_id=player.id)
    row.opted_in, row.language, row.changed_at = opted_in, language, now
    db.session.add(row)
    db.session.commit()
    return row


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=TOKEN_SALT)


def unsubscribe_token(player_id: int) -> str:
    """The token in every announcement's unsubscribe link. It never expires: a link in an
    old mail must still work (it can only ever switch that one account's mail off)."""
    return _serializer().dumps(player_id)


def _player_of(token: str) -> Player | None:
    try:
        player_id = _serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(Player, player_id) if isinstance(player_id, int) else None


def valid_token(token: str) -> bool:
    """The token is ours and its account still exists."""
    return _player_of(token) is not None


def unsubscribe(token: str, now: datetime) -> bool:
    """Switch the token's account's mail off; False for a forged or stale token (deleted
    account). Repeating it changes nothing."""
    player = _player_of(token)
    if player is None:
        return False
    row = db.session.get(MailSubscription, player.id)
    if row is not None and row.opted_in:
        row.opted_in, row.changed_at = False, now
        db.session.commit()
    return True
