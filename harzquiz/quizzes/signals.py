"""Signals the quiz actions send, so other areas (embed analytics) follow without new routes."""

from blinker import Namespace

_signals = Namespace()

# Sent after an answer was judged (not for refusals): sender=app, outcome (quiz_play).
quiz_answered = _signals.signal("quiz-answered")

# Sent after a player chose "Antworten zeigen" and the round was recorded: sender=app, quiz.
quiz_answers_shown = _signals.signal("quiz-answers-shown")
