"""Guest players: created on first play, nicknamed, looked up by id."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Player, nickname_key
from harzquiz.rules.nicknames import (
    WordList,
    nickname_refusal,
    parse_word_file,
    skeleton_key,
    word_list,
)

NICKNAME_MIN = 3
NICKNAME_MAX = 24
# Letters (umlauts included), digits, and single inner spaces, dots, hyphens, underscores.
NICKNAME_PATTERN = re.compile(r"^[^\W_](?:[\w.\- ]*[^\W_])?$")


NICKNAME_BLOCKLIST_FILE = Path(__file__).resolve().parent.parent / "data" / "nickname-blocklist.txt"

_word_lists: dict[tuple, tuple[WordList, WordList]] = {}


def reserved_nicknames() -> list[str]:
    """The RESERVED_NICKNAMES setting as a list (a comma-separated string is split)."""
    setting = current_app.config.get("RESERVED_NICKNAMES") or ()
    if isinstance(setting, str):
        setting = setting.split(",")
    return [word.strip() for word in setting if word.strip()]


def blocklist_path() -> Path:
    """The insult list in use: NICKNAME_BLOCKLIST, or the one shipped with the code."""
    return Path(current_app.config.get("NICKNAME_BLOCKLIST") or NICKNAME_BLOCKLIST_FILE)


def nickname_word_lists() -> tuple[WordList, WordList]:
    """(reserved, insults), folded once per setting and file version (its mtime)."""
    reserved = tuple(reserved_nicknames())
    path = blocklist_path()
    cache_key = (reserved, str(path), path.stat().st_mtime_ns)
    if cache_key not in _word_lists:
        with path.open(encoding="utf-8") as lines:
            insults, allowed = parse_word_file(lines)
        _word_lists.clear()
        _word_lists[cache_key] = (word_list(reserved, allowed), word_list(insults, allowed))
    return _word_lists[cache_key]


def nickname_problem(nickname: str, *, allow_reserved: bool = False) -> str | None:
    """Why a nickname is not acceptable ("length", "characters", "reserved", "insult"),
    or None. `allow_reserved`: an operator's own account (`flask create-user`) may be
    called "Redaktion"; readers may not."""
    if not NICKNAME_MIN <= len(nickname) <= NICKNAME_MAX:
        return "length"
    if not NICKNAME_PATTERN.match(nickname) or "  " in nickname:
        return "characters"
    reserved, insults = nickname_word_lists()
    if allow_reserved:
        reserved = word_list(())
    return nickname_refusal(nickname, reserved=reserved, insults=insults)


def nickname_taken(nickname: str, except_player_id: int | None = None) -> bool:
    """Whether another player already uses this nickname, or one that looks the same
    (case-insensitively, and by Unicode skeleton: "Аnna" with a Cyrillic А is "Anna")."""
    query = sa.select(Player.id).where(
        sa.or_(
            Player.nickname_key == nickname_key(nickname),
            Player.nickname_skeleton == skeleton_key(nickname),
        )
    )
    if except_player_id is not None:
        query = query.where(Player.id != except_player_id)
    return db.session.scalar(query.limit(1)) is not None


# Generated guest names: "Gast-" and six digits, nothing else -- neutral by construction
# (tests/unit/test_nicknames.py checks every one against the nickname rules).
GUEST_NUMBERS = range(100000, 1000000)


def guest_nickname(index: int) -> str:
    """The generated guest name number `index` (0 <= index < len(GUEST_NUMBERS))."""
    return f"Gast-{GUEST_NUMBERS[index]}"


def create_guest(secret: str) -> Player:
    """A new guest with a free generated nickname such as "Gast-4821"; `secret` is what
    its cookie must show besides the id (harzquiz.players.current)."""
    for _ in range(20):
        nickname = guest_nickname(secrets.randbelow(GUEST_NUMBERS.stop - GUEST_NUMBERS.start))
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
