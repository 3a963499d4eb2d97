"""The leaderboard as the current reader sees it (shared by every page that shows one)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from flask import current_app

from harzquiz import clock
from harzquiz.players.current import current_player
from harzquiz.services.board_listing import player_how_to_rank
from harzquiz.services.leaderboard import Board, Period, build_board


def board_for_current_player(period: Period = Period.WEEK) -> Board:
    """The board of `period` with the current player's own row."""
    player = current_player()
    return build_board(
        period,
        clock.now(),
        player.id if player else None,
        current_app.config["LEADERBOARD_SIZE"],
    )


def own_mark_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """Whether a top-list row is the reader's own: all its mark depends on (caching.shells)."""
    board = context.get("board")
    if not isinstance(board, Board):
        return None
    return board.own is not None and board.own.player_id == values.get("player_id")


def board_step() -> str:
    """What stands between the current reader and the boards: "listed", "register" (a guest
    or new visitor) or "confirm" (an unconfirmed account); rules.board_listing.HowToRank."""
    return player_how_to_rank(current_player()).value
