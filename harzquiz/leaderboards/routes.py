"""The leaderboard: week / month / all-time tabs, a partial for htmx, a page without."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from .. import clock
from ..game.leaderboard import Board, Period, build_board
from ..htmx import render
from ..players.current import current_player

bp = Blueprint("leaderboards", __name__)


def board_for_current_player(period: Period = Period.WEEK) -> Board:
    """The board of `period` with the current player's own row."""
    player = current_player()
    return build_board(
        period,
        clock.now(),
        player.id if player else None,
        current_app.config["LEADERBOARD_SIZE"],
    )


@bp.get("/rangliste")
def leaderboard():
    """Leaderboard tabs; unknown periods fall back to this week."""
    try:
        period = Period(request.args.get("zeitraum", Period.WEEK.value))
    except ValueError:
        period = Period.WEEK
    return render(
        "leaderboards/leaderboard.html",
        "leaderboards/_leaderboard.html",
        board=board_for_current_player(period),
    )
