"""The article page, laid out like the portal's, with the riddle and leaderboard beside it."""

from __future__ import annotations

from flask import Blueprint, abort

from harzquiz import clock
from harzquiz.caching.pages import shared_page
from harzquiz.caching.shells import render_page, share_part_by_state
from harzquiz.leaderboards.boards import board_for_current_player
from harzquiz.players.current import current_player
from harzquiz.quizzes.view import build_quiz_view, quiz_card_state
from harzquiz.riddles import feedback
from harzquiz.riddles.widget import build_widget
from harzquiz.services import catalog, quiz_play

bp = Blueprint("articles", __name__)
# The quiz card beside the article: the same for every reader as far into the quiz.
share_part_by_state("quizzes/_widget.html", quiz_card_state)


@bp.get("/artikel/<slug>")
@shared_page
def article(slug: str):
    """A published article with its quiz and the riddle it carries (else the current one)."""
    now = clock.now()
    kept = catalog.published_article(slug, now)
    if kept is None:
        abort(404)
    riddle = catalog.riddle_for_article(kept, now)
    widget = build_widget(riddle, current_player(), now) if riddle else None
    quiz = quiz_play.quiz_for_article(kept, now)
    return render_page(
        "articles/article.html",
        article=kept.article,
        widget=widget,
        feedback=feedback.take(riddle.slug) if riddle else None,
        board=board_for_current_player(),
        quiz_card=build_quiz_view(quiz, current_player(), now) if quiz else None,
    )
