"""Rate limits on riddle actions: per player for guesses, per address for everything."""

from __future__ import annotations

import hashlib

from flask import current_app, session

from harzquiz.extensions import limiter
from harzquiz.players.current import pending_guest_secret


def player_rate_key() -> str:
    """Whom a per-player limit counts: a value the client cannot leave out of a replayed
    cookie without losing the identity itself, so no fresh budget for an old cookie.

    An account counts by its login id, a guest by its secret (both signed in the session,
    and checked against the database when the view loads the player); a new visitor by the
    secret its guest will get (harzquiz.players.current), so the visitor's first guess and
    the guest's later ones share one budget. A client that drops its cookies altogether is
    a new visitor, and a new guest, on each action: the per-address limit holds it. Read
    from the session alone: no database work before the view takes the player's lock.
    """
    login_id = session.get("_user_id")
    if isinstance(login_id, str) and login_id:
        return "account:" + _digest(login_id)
    secret = session.get("guest_secret")
    if not isinstance(secret, str) or not secret:
        secret = pending_guest_secret()
    return "guest:" + _digest(secret)


def _digest(value: str) -> str:
    """Keys land in the rate-limit storage (Redis): never the secret itself."""
    return hashlib.sha256(value.encode()).hexdigest()[:24]


guesses_per_player = limiter.limit(
    lambda: current_app.config["GUESS_LIMIT_PER_PLAYER"],
    key_func=player_rate_key,
    scope="guess-player",
)
guesses_per_address = limiter.limit(
    lambda: current_app.config["GUESS_LIMIT_PER_IP"], scope="guess-ip"
)
# Hints, reveals and nickname changes can create guest players: bound them per address.
actions_per_address = limiter.limit(
    lambda: current_app.config["ACTION_LIMIT_PER_IP"], scope="actions-ip", methods=["POST"]
)
