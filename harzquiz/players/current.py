"""The player behind the current request, held in the (signed) session cookie."""

from __future__ import annotations

import hmac
import secrets

import sqlalchemy as sa
from flask import g, request, session
from flask_login import current_user
from sqlalchemy import event, inspect
from sqlalchemy.orm import make_transient_to_detached

from harzquiz.caching import reads
from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.services.players import create_guest

# Built once: building a statement (and its cache key) per request cost a tenth of the load.
_GUEST = sa.select(Player).where(Player.id == sa.bindparam("id"))
_GUEST_ROW = sa.select(Player.__table__).where(Player.__table__.c.id == sa.bindparam("id"))
_PLAYERS = Player.__mapper__.class_manager
# Requests that change nothing (RFC 9110's safe methods): their guest is read as a plain row.
_SAFE_METHODS = frozenset({"GET", "HEAD"})
_PAGE_GUEST = "harzquiz.page_guest"  # marks a detached guest built by _load_guest


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
    player = _load_guest(player_id) if isinstance(player_id, int) else None
    if player is not None and not _proves(player, session.get("guest_secret")):
        player = None
    if player_id is not None and player is None:
        forget_guest()
    return player


def _load_guest(player_id: int) -> Player | None:
    """The player row `player_id`: on a page (GET), read outside the ORM session as a
    detached Player (about 70 µs less than the ORM's load, which was a fifth of a returning
    reader's page); on an action, loaded into the session as usual.

    A detached Player reads like any other. The page's few writes to it (a guest claiming
    its secret, a rename notice taken) attach it to the session first
    (`_attach_before_write`), so they are committed like any change."""
    plain = reads.plain_connection() if request.method in _SAFE_METHODS else None
    if plain is None:
        return db.session.execute(_GUEST, {"id": player_id}).scalar_one_or_none()
    found = reads.rows(_GUEST_ROW, {"id": player_id})
    if not found:
        return None
    player = _PLAYERS.new_instance()
    player.__dict__.update(found[0]._asdict())
    make_transient_to_detached(player)  # as if loaded by a session that has since closed
    inspect(player).info[_PAGE_GUEST] = True
    return player


def _attach_before_write(target: Player, value, _old, initiator):
    """A change to a detached Player (a page's guest) joins the request's session, so that
    the next commit writes it instead of dropping it silently. If the session loaded the
    same row itself meanwhile, the change goes to that copy too."""
    state = inspect(target)
    if state.detached and state.info.get(_PAGE_GUEST):
        session = db.session()
        loaded = session.identity_map.get(state.key) if state.key is not None else None
        if loaded is None:
            session.add(target)
        elif loaded is not target:
            setattr(loaded, initiator.key, value)
    return value


for _column in Player.__mapper__.column_attrs:
    event.listen(getattr(Player, _column.key), "set", _attach_before_write, retval=True)


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
