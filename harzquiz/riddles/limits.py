"""Rate limits on riddle actions: per player for guesses, per address for everything."""

from __future__ import annotations

import secrets

from flask import current_app, session

from harzquiz.extensions import limiter


def player_rate_key() -> str:
    """A random id kept in the session from the first guess on.

    Not the player id: a new guest's first guess comes before the player exists, and keying
    it by address instead would make every new guest behind one address share one budget.
    A client that drops its cookies meets the per-address limit instead.
    """
    if "rate_key" not in session:
        session["rate_key"] = secrets.token_urlsafe(12)
    return f"player:{session['rate_key']}"


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
