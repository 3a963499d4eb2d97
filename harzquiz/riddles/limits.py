"""Rate limits on riddle actions: per player for guesses, per address for everything."""

from __future__ import annotations

import hashlib

from flask import Response, current_app, request, session
from flask_limiter.util import get_remote_address

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


def reveal_item_key() -> str:
    """The client address with what it reveals (a riddle's or a quiz's slug, by endpoint)."""
    kind = "quiz" if (request.endpoint or "").endswith("show_answers") else "riddle"
    slug = str((request.view_args or {}).get("slug", ""))[:200]
    return f"{get_remote_address()}|{kind}:{slug}"


def _reveal_went_through(response: Response) -> bool:
    """Only a reveal that showed something counts: a refusal (already solved, closed, a
    stale form) costs no budget."""
    return response.status_code < 400


# Reveals ("Lösung anzeigen", a quiz's "Antworten zeigen") by client address, not by
# player: a client that drops its cookies is a new guest each time, but not a new address.
# Shared limits: riddle and quiz reveals, on the site and in every embed, use one budget.
REVEAL_SCOPES = frozenset({"reveal-ip", "reveal-item"})
reveals_per_address = limiter.shared_limit(
    lambda: current_app.config["REVEAL_LIMIT_PER_IP"],
    scope="reveal-ip",
    methods=["POST"],
    deduct_when=_reveal_went_through,
)
reveals_per_address_and_item = limiter.shared_limit(
    lambda: current_app.config["REVEAL_LIMIT_PER_ADDRESS_AND_ITEM"],
    scope="reveal-item",
    key_func=reveal_item_key,
    methods=["POST"],
    deduct_when=_reveal_went_through,
)


def reveal_limited(error: Exception) -> bool:
    """Whether a 429 came from a reveal limit (its message says so, not "too many guesses")."""
    return getattr(getattr(error, "limit", None), "scope", None) in REVEAL_SCOPES
