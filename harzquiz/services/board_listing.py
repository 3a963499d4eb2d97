"""Who is listed on the public boards, as SQL: the one condition every board query uses.

The rule itself is `harzquiz.rules.board_listing` (pure); this is its SQL twin over the
`player` table, so a board, a player's rank and "where you would stand" all agree.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from harzquiz.models import Player
from harzquiz.rules.board_listing import (
    SETTING,
    BoardRanks,
    HowToRank,
    how_to_rank,
    is_listed,
    parse_board_ranks,
)


def board_mode() -> BoardRanks:
    """This site's setting (checked at startup: harzquiz.config.check_board_ranks)."""
    return parse_board_ranks(current_app.config[SETTING])


def listed_on_boards(mode: BoardRanks | None = None) -> sa.ColumnElement[bool]:
    """The SQL condition on `Player` that `rules.board_listing.is_listed` states.

    Every board query filters its players with it (join `Player` first)."""
    mode = board_mode() if mode is None else mode
    if mode is BoardRanks.EVERYONE:
        return sa.true()
    return sa.and_(Player.email.is_not(None), Player.email_confirmed_at.is_not(None))


def player_is_listed(player: Player, mode: BoardRanks | None = None) -> bool:
    """The rule for one loaded player (the same answer as the SQL condition)."""
    mode = board_mode() if mode is None else mode
    return is_listed(
        mode, is_account=player.is_account, email_confirmed=player.email_confirmed_at is not None
    )


def player_how_to_rank(player: Player | None, mode: BoardRanks | None = None) -> HowToRank:
    """What stands between this player and the boards (a new visitor: registering)."""
    mode = board_mode() if mode is None else mode
    if player is None:
        return how_to_rank(mode, is_account=False, email_confirmed=False)
    return how_to_rank(
        mode, is_account=player.is_account, email_confirmed=player.email_confirmed_at is not None
    )
