"""The player behind the current request, held in the (signed) session cookie."""

from __future__ import annotations

import hmac
import secrets

import sqlalchemy as sa
from flask import g, session
from flask_login import current_user

from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.services.players import create_guest

# Built once: building a statement (and its cache key) per request cost a tenth of the load.
_GUEST = sa.select(Player).where(Player.id == sa.bindparam("id"))


def current_player() -> Player | None:
    """The logged-in account, else the session's guest, else None (has not played yet)."""
    if "player" not in g:
        if current_user.is_authenticated:
            g.player = current_user._get_current_object()
            return g.player
        g.player = session_guest()
    return g.player


def session_guest() -> Player | None:
    """The guest this session's cookie proves to be (its id and its secret), or None.

    A guest cookie from before registering (or an old copy of it) does not act as the
    account: accounts are reached only by logging in. A cookie whose secret does not
    match its row (an old copy outliving a merged guest) is nobody, and is forgotten.
    """
    player_id = session.get("player_id")
    player = (
        db.session.execute(_GUEST, {"id": player_id}).scalar_one_or_none()
        if isinstance(player_id, int)
        else None
    )
    if player is not None and not _proves(player, session.get("guest_secret")):
        player = None
    if player_id is not None and player is None:
        forget_guest()
    return player


def _proves(player: Player, secret: object) -> bool:
    """Whether the session's secret is this guest's (accounts are never guests)."""
    if player.is_account:
        return False
    if player.guest_secret is None:
        # A guest from before secrets existed, and a cookie from then: claimed once, by
        # the cookie that still names it (ids are never reused since the same migration).
        if secret is not None:
            return False
        player.guest_secret = new_guest_secret()
        db.session.commit()
        session["guest_secret"] = player.guest_secret
        return True
    return isinstance(secret, str) and hmac.compare_digest(secret, player.guest_secret)


def new_guest_secret() -> str:
    """A fresh random secret for a guest's cookie."""
    return secrets.token_urlsafe(32)


def remember_guest(store, player: Player) -> None:
    """Put the guest's id and secret into a session (`store`: the session, or a test's)."""
    store["player_id"] = player.id
    store["guest_secret"] = player.guest_secret


def forget_guest() -> None:
    """The session holds no guest any more (logged in, logged out, or a stale cookie)."""
    session.pop("player_id", None)
    session.pop("guest_secret", None)


def pending_guest_secret() -> str:
    """The secret the guest this visitor becomes will have, chosen before the guest exists.

    The per-player rate limit of a new visitor's first action is keyed by it, so that first
    action and every later one count towards the same budget (harzquiz.riddles.limits)."""
    if not isinstance(session.get("pending_guest_secret"), str):
        session["pending_guest_secret"] = new_guest_secret()
    return session["pending_guest_secret"]


def ensure_player() -> Player:
    """The session's player, creating a guest on the first action that needs one."""
    player = current_player()
    if player is None:
        player = create_guest(pending_guest_secret())
        session.pop("pending_guest_secret", None)
        remember_guest(session, player)
        session.permanent = True
        g.player = player
    return player
