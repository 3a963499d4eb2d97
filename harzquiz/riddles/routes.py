"""Riddle pages and the guess, hint and reveal actions (thin: one call into services/ each)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, request, url_for
from flask_wtf.csrf import CSRFError

from harzquiz import clock
from harzquiz.caching.pages import shared_page
from harzquiz.caching.shells import render_page, share_part_by_state
from harzquiz.leaderboards.boards import board_for_current_player
from harzquiz.players.current import current_player, ensure_player
from harzquiz.riddles import feedback
from harzquiz.riddles.limits import (
    actions_per_address,
    guesses_per_address,
    guesses_per_player,
    reveal_limited,
    reveals_per_address,
    reveals_per_address_and_item,
)
from harzquiz.riddles.share import riddle_share
from harzquiz.riddles.signals import riddle_played
from harzquiz.riddles.widget import (
    build_widget,
    feedback_slot_state,
    play_area_state,
    play_response_state,
)
from harzquiz.rules.refusals import Refusal
from harzquiz.services import archive as archive_service
from harzquiz.services import catalog, crossword_catalog, play
from harzquiz.services.state import PlayerState, refusal
from harzquiz.web.errors import render_error
from harzquiz.web.evidence import request_evidence, reveal_evidence
from harzquiz.web.htmx import CONTROL, render, safe_next, wants_partial
from harzquiz.web.kept_parts import keep_part_by_state
from harzquiz.web.pagination import paginate_rows

bp = Blueprint("riddles", __name__)
# A playing reader's play area is kept per state (value, hints), not per reader.
share_part_by_state("riddles/_play.html", play_area_state)
# ... and so is the play area an htmx answer brings along (a wrong guess changes no hint).
keep_part_by_state("riddles/_play.html", play_response_state)
# The feedback slot is empty for every reader without feedback waiting.
share_part_by_state("riddles/_feedback_slot.html", feedback_slot_state)
# The share text after a solve or reveal, for the play area (templates/riddles/_play.html).
bp.add_app_template_global(riddle_share, "riddle_share")
bp.add_app_template_global(feedback.ends_play, "feedback_ends_play")

ARCHIVE_PAGE_SIZE = 25


def _riddle_or_404(slug: str):
    riddle = catalog.public_riddle(slug, clock.now())
    if riddle is None:
        abort(404)
    return riddle


def _back_to(slug: str, anchor: str):
    """Post/redirect/get: back to the page the form was on, at the riddle."""
    return redirect(safe_next(url_for(".riddle_page", slug=slug)) + f"#{anchor}", 303)


def _page(riddle, status: int = 200, state: PlayerState | None = None, **context):
    """The whole riddle page (the no-JavaScript answer), with the leaderboard beside it."""
    widget = build_widget(riddle, current_player(), clock.now(), state)
    page = render_page(
        "riddles/riddle.html", widget=widget, board=board_for_current_player(), **context
    )
    return page, status


def _widget_response(
    riddle,
    outcome: play.Outcome | None = None,
    focus: str | None = None,
    status: int | None = None,
    state: PlayerState | None = None,
):
    """Answer a riddle action: the feedback and play area for htmx, else the whole page.

    htmx answers always land in the widget's live region (HX-Retarget), whichever element
    asked, and bring the play area along out of band. The player's state comes from the
    action when it has it (`state`, or the outcome's), else it is read.
    """
    fb = feedback.feedback_dict(riddle.slug, request.form.get("guess", ""), outcome)
    status = status or feedback.status_for(outcome)
    state = state or (outcome.state if outcome else None)
    if not wants_partial():
        return _page(riddle, status, state, feedback=fb)
    widget = build_widget(riddle, current_player(), clock.now(), state)
    if focus is None:
        # The live region reads the feedback out; focus goes where the reader continues:
        # the input while playing, else the short line that says how it ended, or the
        # solution when the feedback already said how it ended.
        if widget.state.playing:
            focus = "guess"
        elif feedback.ends_play(fb, riddle.slug) and widget.solution is not None:
            focus = f"solution-{riddle.slug}"
        else:
            focus = "done"
    response = render(
        "riddles/riddle.html",
        "riddles/_play_response.html",
        status,
        widget=widget,
        feedback=fb,
        focus=focus,
    )
    response.headers["HX-Retarget"] = f"#feedback-{riddle.slug}"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


@bp.get("/raetsel/<slug>")
@shared_page
def riddle_page(slug: str):
    """A riddle on its own page (live or archived)."""
    riddle = _riddle_or_404(slug)
    return _page(riddle, feedback=feedback.take(slug))


@bp.post("/raetsel/<slug>/raten")
@guesses_per_player
@guesses_per_address
def guess(slug: str):
    """Judge a guess: the feedback partial for htmx, post/redirect/get without JavaScript."""
    riddle = _riddle_or_404(slug)
    text = request.form.get("guess", "")
    outcome = play.submit_guess(
        riddle, current_player(), text, clock.now(), ensure_player, request_evidence()
    )
    riddle_played.send(current_app._get_current_object(), action="guess", outcome=outcome)  # type: ignore[attr-defined]
    if outcome.verdict != "error" and not wants_partial():
        feedback.stash(feedback.feedback_dict(slug, text, outcome))
        return _back_to(slug, f"riddle-{slug}")
    response = _widget_response(riddle, outcome)
    if outcome.verdict == "correct":
        response.headers["HX-Trigger"] = "leaderboard-changed"
    return response


@bp.post("/raetsel/<slug>/tipps/<int:position>")
@actions_per_address
def unlock_hint(slug: str, position: int):
    """Unlock a hint: the play area with the hint and the riddle's new value."""
    riddle = _riddle_or_404(slug)
    outcome = play.unlock_hint(riddle, current_player(), position, clock.now(), ensure_player)
    if outcome.error is Refusal.NO_HINT:
        abort(404)
    if outcome.verdict == "error":
        return _widget_response(riddle, outcome)
    if not wants_partial():
        feedback.keep_last(slug)
        return _back_to(slug, f"hints-{slug}")
    # Only the play area changes (the form targets it): the last feedback stays visible
    # and is not read out again.
    widget = build_widget(riddle, current_player(), clock.now(), outcome.state)
    return render(
        "riddles/riddle.html",
        "riddles/_play.html",
        widget=widget,
        feedback=None,
        focus=f"hint-{slug}-{position}",
    )


@bp.get("/raetsel/<slug>/loesung")
def confirm_reveal(slug: str):
    """The confirmation step before revealing (it costs this riddle's points)."""
    riddle = _riddle_or_404(slug)
    next_url = safe_next(url_for(".riddle_page", slug=slug))
    if not wants_partial():
        return _page(riddle, confirming=True, next_url=next_url)
    widget = build_widget(riddle, current_player(), clock.now())
    if not widget.state.playing:
        # Nothing to confirm (solved or revealed in another tab, or closed): say why.
        outcome = play.Outcome("error", error=refusal(widget.state), state=widget.state)
        response = _widget_response(riddle, outcome, status=200)  # a GET: nothing failed
        response.headers["HX-Trigger"] = "leaderboard-changed"  # that tab's board is stale too
        return response
    return render(
        "riddles/riddle.html", "riddles/_reveal_confirm.html", widget=widget, next_url=next_url
    )


@bp.post("/raetsel/<slug>/loesung")
@actions_per_address
@reveals_per_address
@reveals_per_address_and_item
def reveal(slug: str):
    """Reveal the solution: the player gives up this riddle (after close anyone sees it)."""
    riddle = _riddle_or_404(slug)
    outcome = play.reveal(riddle, current_player(), clock.now(), ensure_player, reveal_evidence())
    riddle_played.send(current_app._get_current_object(), action="reveal", outcome=outcome)  # type: ignore[attr-defined]
    if not wants_partial():
        return _back_to(slug, f"solution-{slug}")
    return _widget_response(riddle, focus=f"solution-{slug}", state=outcome.state)


@bp.errorhandler(429)
def too_many_requests(error):
    """Rate-limited riddle actions get the feedback with a clear message."""
    riddle = catalog.public_riddle((request.view_args or {}).get("slug", ""), clock.now())
    if riddle is None:
        return render_error(429)
    limited = Refusal.REVEAL_LIMITED if reveal_limited(error) else Refusal.RATE_LIMITED
    return _widget_response(riddle, play.Outcome(verdict="error", error=limited))


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    """A missing or stale CSRF token on a riddle action: a clear message, nothing stored."""
    riddle = catalog.public_riddle((request.view_args or {}).get("slug", ""), clock.now())
    if riddle is None:
        return render_error(400)
    return _widget_response(riddle, play.Outcome(verdict="error", error=Refusal.CSRF))


@bp.get("/archiv")
@shared_page
def archive():
    """Closed riddles (with their solutions and solve rates) and closed quizzes, newest
    first, 25 a page (?seite=2), searchable by title (?suche=brocken); on the first page
    of the unsearched archive also the newest closed crosswords with their answers."""
    search = (request.args.get("suche") or "").strip()
    if len(search) > archive_service.MAX_SEARCH_LENGTH or not CONTROL.isdisjoint(search):
        abort(400)
    page = paginate_rows(archive_service.archive_list(clock.now(), search), ARCHIVE_PAGE_SIZE)
    entries = archive_service.archive_page(page.items)
    show_crosswords = page.page == 1 and not search
    crosswords = crossword_catalog.archived_crosswords(clock.now()) if show_crosswords else []
    return render_page(
        "riddles/archive.html",
        entries=entries,
        pagination=page,
        crosswords=crosswords,
        search=search,
        max_search_length=archive_service.MAX_SEARCH_LENGTH,
    )
