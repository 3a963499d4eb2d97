"""The player behind the current request, held in the (signed) session cookie."""

from __future__ import annotations

from flask import g, session
from flask_login import current_user

from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.services.players import create_guest


def current_player() -> Player | None:
    """The logged-in account, else the session's guest, else None (has not played yet)."""
    if "player" not in g:
        if current_user.is_authenticated:
            g.player = current_user._get_current_object()
            return g.player
        player_id = session.get("player_id")
        player = db.session.get(Player, player_id) if isinstance(player_id, int) else None
        if player is not None and player.is_account:
            # A guest cookie from before registering (or an old copy of it) must not act
            # as the account: accounts are reached only by logging in.
            player = None
        if player_id is not None and player is None:
            session.pop("player_id", None)
        g.player = player
    return g.player


def ensure_player() -> Player:
    """The session's player, creating a guest on the first action that needs one."""
    player = current_player()
    if player is None:
        player = create_guest()
        session["player_id"] = player.id
        session.permanent = True
        g.player = player
    return player
