"""The leaderboard: week / month / all-time tabs, a partial for htmx, a page without."""

from __future__ import annotations

from flask import Blueprint, request

from harzquiz.caching.pages import shared_page
from harzquiz.leaderboards.boards import board_for_current_player
from harzquiz.services.leaderboard import Period
from harzquiz.web.htmx import render

bp = Blueprint("leaderboards", __name__)


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
