"""Guest players: created on first play, nicknamed, looked up by id."""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Player, nickname_key

NICKNAME_MIN = 3
NICKNAME_MAX = 24
# Letters (umlauts included), digits, and single inner spaces, dots, hyphens, underscores.
NICKNAME_PATTERN = re.compile(r"^[^\W_](?:[\w.\- ]*[^\W_])?$")


def nickname_problem(nickname: str) -> str | None:
    """Why a nickname is not acceptable (length, characters), or None."""
    if not NICKNAME_MIN <= len(nickname) <= NICKNAME_MAX:
        return "length"
    if not NICKNAME_PATTERN.match(nickname) or "  " in nickname:
        return "characters"
    return None


def nickname_taken(nickname: str, except_player_id: int | None = None) -> bool:
    """Whether another player already uses this nickname (case-insensitively)."""
    query = sa.select(Player.id).where(Player.nickname_key == nickname_key(nickname))
    if except_player_id is not None:
        query = query.where(Player.id != except_player_id)
    return db.session.scalar(query.limit(1)) is not None


def create_guest(secret: str) -> Player:
    """A new guest with a free generated nickname such as "Gast-4821"; `secret` is what
    its cookie must show besides the id (harzquiz.players.current)."""
    for _ in range(20):
        nickname = f"Gast-{secrets.randbelow(900000) + 100000}"
        player = Player(nickname=nickname, guest_secret=secret)
        db.session.add(player)
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            continue
        return player
    raise RuntimeError("no free guest nickname after 20 tries")


def rename_problem(nickname: str, player_id: int | None) -> str | None:
    """Why `nickname` cannot be this player's (None: a player not created yet), or None."""
    problem = nickname_problem(nickname)
    if problem:
        return problem
    return "taken" if nickname_taken(nickname, except_player_id=player_id) else None


def rename(player: Player, nickname: str) -> str | None:
    """Give the player a new nickname; returns an error code, or None on success."""
    problem = rename_problem(nickname, player.id)
    if problem:
        return problem
    player.nickname = nickname  # boards show it: the flush moves the points stamp
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "taken"
    return None
