"""Riddle pages and the guess, hint and reveal actions (thin: one call into game/ each)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from .. import clock
from ..errors import render_error
from ..extensions import limiter, player_rate_key
from ..game import catalog, play
from ..htmx import render, safe_next, wants_partial
from ..leaderboards.routes import board_for_current_player
from ..players.current import current_player, ensure_player
from . import feedback
from .widget import build_widget

bp = Blueprint("riddles", __name__)


def _riddle_or_404(slug: str):
    riddle = catalog.public_riddle(slug, clock.now())
    if riddle is None:
        abort(404)
    return riddle


def _back_to(slug: str, anchor: str):
    """Post/redirect/get: back to the page the form was on, at the riddle."""
    return redirect(safe_next(url_for(".riddle_page", slug=slug)) + f"#{anchor}", 303)


def _widget_response(riddle, status: int = 200, focus: str | None = None, fb: dict | None = None):
    """The widget's play area (htmx) or the whole riddle page (without JavaScript)."""
    widget = build_widget(riddle, current_player(), clock.now())
    if focus == "feedback":
        # The live region reads the feedback out; focus goes where the reader continues:
        # back to the input while playing, else to the short "solved" line (not the live
        # region itself, which would be announced twice).
        focus = "guess" if widget.state.playing else ("done" if widget.state.solved else focus)
    context = {"widget": widget, "feedback": fb, "focus": focus}
    if not wants_partial():
        context["board"] = board_for_current_player()
    return render("riddles/riddle.html", "riddles/_play_response.html", status, **context)


def _refused(riddle, error: str, guess: str = ""):
    """An action the player may not take now: a clear message, the right status, nothing stored."""
    outcome = play.Outcome(verdict="error", error=error)
    fb = feedback.feedback_dict(riddle.slug, guess, outcome)
    return _widget_response(riddle, feedback.status_for(outcome), focus="feedback", fb=fb)


@bp.get("/raetsel/<slug>")
def riddle_page(slug: str):
    """A riddle on its own page (live or archived)."""
    riddle = _riddle_or_404(slug)
    widget = build_widget(riddle, current_player(), clock.now())
    return render_template(
        "riddles/riddle.html",
        widget=widget,
        feedback=feedback.take(slug),
        board=board_for_current_player(),
    )


@bp.post("/raetsel/<slug>/raten")
@limiter.limit(
    lambda: current_app.config["GUESS_LIMIT_PER_PLAYER"],
    key_func=player_rate_key,
    scope="guess-player",
)
@limiter.limit(lambda: current_app.config["GUESS_LIMIT_PER_IP"], scope="guess-ip")
def guess(slug: str):
    """Judge a guess: the feedback partial for htmx, post/redirect/get without JavaScript."""
    riddle = _riddle_or_404(slug)
    text = request.form.get("guess", "")
    now = clock.now()
    problem = play.guess_problem(text) or play.action_refusal(riddle, current_player(), now)
    if problem:
        return _refused(riddle, problem, text)
    outcome = play.submit_guess(riddle, ensure_player(), text, now)
    if outcome.verdict == "error":
        return _refused(riddle, outcome.error, text)
    fb = feedback.feedback_dict(slug, text, outcome)
    if not wants_partial():
        feedback.stash(fb)
        return _back_to(slug, f"riddle-{slug}")
    response = _widget_response(riddle, focus="feedback", fb=fb)
    if outcome.verdict == "correct":
        response.headers["HX-Trigger"] = "leaderboard-changed"
    return response


@bp.errorhandler(429)
def too_many_guesses(error):
    """Rate-limited guesses get the feedback with a clear message."""
    riddle = catalog.public_riddle((request.view_args or {}).get("slug", ""), clock.now())
    if riddle is None:
        return render_error(429)
    return _refused(riddle, "rate_limited")


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    """A missing or stale CSRF token on a riddle action: a clear message, nothing stored."""
    riddle = catalog.public_riddle((request.view_args or {}).get("slug", ""), clock.now())
    if riddle is None:
        return render_error(400, error.description)
    return _refused(riddle, "csrf")


@bp.post("/raetsel/<slug>/tipps/<int:position>")
def unlock_hint(slug: str, position: int):
    """Unlock a hint: the play area with the hint and the riddle's new value."""
    riddle = _riddle_or_404(slug)
    if position not in {hint.position for hint in riddle.hints}:
        abort(404)
    now = clock.now()
    # Check before ensure_player(): a refused unlock must not create a guest.
    problem = play.hint_refusal(riddle, current_player(), position, now) or play.unlock_hint(
        riddle, ensure_player(), position, now
    )
    if problem:
        return _refused(riddle, problem)
    if not wants_partial():
        return _back_to(slug, f"hints-{slug}")
    return _widget_response(riddle, focus=f"hint-{slug}-{position}")


@bp.get("/raetsel/<slug>/loesung")
def confirm_reveal(slug: str):
    """The confirmation step before revealing (it costs this riddle's points)."""
    riddle = _riddle_or_404(slug)
    widget = build_widget(riddle, current_player(), clock.now())
    if not widget.state.playing:
        return _back_to(slug, f"riddle-{slug}")
    return render(
        "riddles/reveal_confirm.html",
        "riddles/_reveal_confirm.html",
        widget=widget,
        next_url=safe_next(url_for(".riddle_page", slug=slug)),
    )


@bp.post("/raetsel/<slug>/loesung")
def reveal(slug: str):
    """Reveal the solution: the player gives up this riddle (after close anyone sees it)."""
    riddle = _riddle_or_404(slug)
    now = clock.now()
    problem = play.action_refusal(riddle, current_player(), now)
    if problem is None:
        problem = play.reveal(riddle, ensure_player(), now)
    if problem not in (None, "revealed", "closed", "solved"):
        return _refused(riddle, problem)
    if not wants_partial():
        return _back_to(slug, f"solution-{slug}")
    return _widget_response(riddle, focus=f"solution-{slug}")


@bp.get("/archiv")
def archive():
    """Closed riddles with their solutions and solve rates."""
    return render_template("riddles/archive.html", entries=catalog.archive(clock.now()))
