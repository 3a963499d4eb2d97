"""The leaderboard as the current reader sees it (shared by every page that shows one)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from flask import current_app, g

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


def own_row_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """The own row below the top list is shown to a listed reader outside the top list only:
    every other reader gets the same (empty) part. A shown row is one reader's (rendered)."""
    board = context.get("board")
    if not isinstance(board, Board):
        return None
    own = board.own
    if own is not None and own.listed and not board.own_in_top:
        return None
    return ("no own row", board.period.value, context.get("current_locale"))


def own_standing_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """Everything the line below the board depends on (leaderboards/_own_standing.html with
    _would_stand.html and _get_ranked_link.html): whether and where the reader would stand,
    the step that lists them, the page (the register link's `next`) and the language.
    Partner embeds (links that open out, a claim link per guest) are rendered."""
    board = context.get("board")
    if not isinstance(board, Board) or context.get("embedded") or g.get("url_surface"):
        return None
    own = board.own
    where: Hashable = None if own is None else ("listed" if own.listed else ("would", own.rank))
    return (
        where,
        board_step(),
        board.period.value,
        context.get("current_path"),
        context.get("current_locale"),
    )


def board_step() -> str:
    """What stands between the current reader and the boards: "listed", "register" (a guest
    or new visitor) or "confirm" (an unconfirmed account); rules.board_listing.HowToRank."""
    return player_how_to_rank(current_player()).value
