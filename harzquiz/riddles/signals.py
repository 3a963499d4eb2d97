"""Signals the riddle actions send, so other areas (embed analytics) follow without new routes."""

from blinker import Namespace

_signals = Namespace()

# Sent after a guess or reveal was decided: sender=app, action="guess" | "reveal", outcome.
riddle_played = _signals.signal("riddle-played")
