"""The leaderboard as the current reader sees it (shared by every page that shows one)."""

from __future__ import annotations

from flask import current_app

from harzquiz import clock
from harzquiz.players.current import current_player
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
