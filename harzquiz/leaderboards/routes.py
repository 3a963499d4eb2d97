"""The leaderboard: week / month / all-time tabs, a partial for htmx, a page without."""

from __future__ import annotations

from flask import Blueprint, request

from harzquiz.caching.pages import shared_page
from harzquiz.caching.shells import share_part_by_state
from harzquiz.leaderboards.boards import (
    board_for_current_player,
    board_step,
    own_mark_state,
    own_row_state,
    own_standing_state,
)
from harzquiz.services.leaderboard import Period
from harzquiz.web.htmx import render

bp = Blueprint("leaderboards", __name__)
# A top-list row's mark is the same for every reader it is not the own row of.
share_part_by_state("leaderboards/_own_mark.html", own_mark_state)
# Below the top list: most readers have no own row there, and stand (or would stand) in one
# of a few ways: kept per state too.
share_part_by_state("leaderboards/_own_row.html", own_row_state)
share_part_by_state("leaderboards/_own_standing.html", own_standing_state)


@bp.app_context_processor
def board_helpers() -> dict:
    """Every template that shows a board or a rank may ask what lists the current reader."""
    return {"board_step": board_step}


@bp.get("/rangliste")
@shared_page
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
