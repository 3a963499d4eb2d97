"""Rate limits on quiz answers: per player and per address, like riddle guesses."""

from __future__ import annotations

from flask import current_app

from harzquiz.extensions import limiter
from harzquiz.riddles.limits import player_rate_key

answers_per_player = limiter.limit(
    lambda: current_app.config["QUIZ_ANSWER_LIMIT_PER_PLAYER"],
    key_func=player_rate_key,
    scope="quiz-player",
)
answers_per_address = limiter.limit(
    lambda: current_app.config["QUIZ_ANSWER_LIMIT_PER_IP"], scope="quiz-ip"
)
