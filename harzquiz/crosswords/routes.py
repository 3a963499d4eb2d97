"""The crossword page and its actions (thin: read the grid form, one call into services/).

Every action sends the whole grid as typed (fields z-<row>-<col>): the form without
JavaScript does, and so does the debounced htmx save. For htmx an action answers with the
play area (grid and clues) and the aria-live status out of band; a plain save only
refreshes the "saved" note (swap none), unless it solved the grid. Without JavaScript an
action answers post/redirect/get, its result stashed in the session for the next GET.
"""

from __future__ import annotations

import re

from flask import (
    Blueprint,
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from harzquiz import clock
from harzquiz.auth.limits import posts_limited
from harzquiz.crosswords.view import build_view, share_text
from harzquiz.leaderboards.boards import board_for_current_player
from harzquiz.players.current import current_player, ensure_player
from harzquiz.rules import scoring
from harzquiz.rules.crossword import typed_letters
from harzquiz.rules.crossword_grid import Cell
from harzquiz.services import crossword_play
from harzquiz.services.crossword_play import CrosswordOutcome
from harzquiz.web.errors import render_error
from harzquiz.web.htmx import wants_partial

bp = Blueprint("crosswords", __name__)

PAGE = "crosswords/crossword.html"
RESPONSE = "crosswords/_response.html"
STASH = "crossword_feedback"
FIELD = re.compile(r"z-(\d{1,2})-(\d{1,2})")
CELL = re.compile(r"(\d{1,2})-(\d{1,2})")
MAX_WORD = 40  # a Lösungswort typed on its own line: longer input is refused

# Refusals: the service's error codes, with the status they answer.
STATUS = {
    "not_public": 404,
    "gone": 409,
    "retry": 409,
    "solved": 409,
    "unknown_entry": 422,
    "no_reveal": 422,
    "no_cell": 422,
    "too_long": 422,
    "rate_limited": 429,
    "csrf": 400,
}

# What the reader reads for each refusal (the status region announces it).
REFUSALS = {
    "gone": _l("Das hat nicht geklappt. Bitte versuche es noch einmal."),
    "retry": _l("Das hat nicht geklappt. Bitte versuche es noch einmal."),
    "solved": _l("Du hast dieses Kreuzworträtsel schon gelöst."),
    "unknown_entry": _l("Dieses Wort gibt es im Rätsel nicht. Bitte wähle eines aus der Liste."),
    "no_reveal": _l("Da gibt es nichts aufzudecken: Dieser Buchstabe stimmt schon."),
    "no_cell": _l("Bitte wähle ein Feld oder ein Wort, dessen Buchstaben du aufdecken willst."),
    "too_long": _l("Das Lösungswort ist zu lang."),
    "rate_limited": _l("Zu viele Aktionen in kurzer Zeit. Bitte warte einen Moment."),
    "csrf": _l("Die Seite war zu lange offen. Bitte lade sie neu und versuche es noch einmal."),
}
COSTS = {
    "word": scoring.CROSSWORD_WORD_CHECK_COST,
    "grid": scoring.CROSSWORD_GRID_CHECK_COST,
    "reveal": scoring.CROSSWORD_REVEAL_COST,
}

crossword_actions_per_address = posts_limited("CROSSWORD_ACTION_LIMIT_PER_IP", "crossword-ip")


def _crossword_or_404(slug: str):
    crossword = crossword_play.public_crossword(slug, clock.now())
    if crossword is None:
        abort(404)
    return crossword


def _typed() -> dict[Cell, str]:
    """The grid as sent: z-<row>-<col> fields (anything else, or too long, is ignored)."""
    typed = {}
    for name, value in request.form.items():
        match = FIELD.fullmatch(name)
        if match and len(value) <= 4:
            typed[(int(match[1]), int(match[2]))] = value
    return typed


def _cell(value: str | None) -> Cell | None:
    match = CELL.fullmatch(value or "")
    return (int(match[1]), int(match[2])) if match else None


def _context(crossword, letters=None, wrong=None, note: str | None = None, error=None) -> dict:
    """The page's state for the current player (their stored letters unless given)."""
    player = current_player()
    progress = crossword_play.load_progress(crossword, player)
    if letters is None:
        letters = crossword_play.stored_letters(crossword, progress)
    view = build_view(crossword, progress, letters, clock.now(), wrong)
    share = None
    if view.solved:
        url = url_for("crosswords.show", slug=crossword.slug, _external=True)
        share = share_text(view, current_app.config["SITE_NAME"], url)
    # After an htmx action focus returns to the cell the reader was in (a solve: the result).
    focus = request.form.get("zelle", "") if request.method == "POST" and note != "solved" else ""
    return {
        "view": view,
        "share": share,
        "note": note,
        "error": error,
        "focus_cell": focus if _cell(focus) else "",
        "costs": COSTS,
        "refusals": REFUSALS,
    }


@bp.get("/kreuzwortraetsel/<slug>")
def show(slug: str):
    """The crossword with the reader's letters (and the result of their latest action)."""
    crossword = _crossword_or_404(slug)
    stash = session.pop(STASH, None)
    wrong, note = None, None
    if isinstance(stash, dict) and stash.get("slug") == slug:
        cells = [_cell(item) for item in stash.get("wrong") or []] if stash.get("checked") else None
        wrong = frozenset(c for c in cells if c) if cells is not None else None
        note = stash.get("note")
    context = _context(crossword, wrong=wrong, note=note)
    if wants_partial():
        response = make_response(render_template("crosswords/_play.html", **context))
    else:
        response = make_response(render_template(PAGE, board=board_for_current_player(), **context))
    response.vary.add("HX-Request")
    return response


def _answer(crossword, outcome: CrosswordOutcome, note: str, checked: bool = False):
    """An action's answer: htmx gets the play area and the status; otherwise 303 back."""
    if outcome.error:
        return _refuse(crossword, outcome.error)
    if outcome.solved:
        note = "solved"
    wrong = outcome.wrong if checked else None
    if not wants_partial():
        session[STASH] = {
            "slug": crossword.slug,
            "checked": checked,
            "wrong": [f"{r}-{c}" for r, c in sorted(outcome.wrong)],
            "note": note,
        }
        return redirect(url_for(".show", slug=crossword.slug) + f"#xw-{crossword.slug}", 303)
    context = _context(crossword, outcome.letters, wrong, note)
    response = make_response(render_template(RESPONSE, swap_play=note != "saved", **context))
    response.vary.add("HX-Request")
    if note == "saved":
        response.headers["HX-Reswap"] = "none"  # typing goes on: only the saved note moves
    elif note == "solved":  # the save that solved it shows the result in the play area
        response.headers["HX-Retarget"] = f"#xw-{crossword.slug}-play"
        response.headers["HX-Reswap"] = "outerHTML"
    if outcome.points:
        response.headers["HX-Trigger"] = "leaderboard-changed"
    return response


def _refuse(crossword, error: str):
    """A refused action: a clear message with its status; nothing was stored."""
    status = STATUS.get(error, 422)
    if error == "not_public":
        abort(404)
    # What they typed stays in the grid (nothing of it was stored).
    context = _context(crossword, typed_letters(crossword.grid, _typed()) or None, error=error)
    if not wants_partial():
        return render_template(PAGE, board=board_for_current_player(), **context), status
    response = make_response(render_template(RESPONSE, swap_play=False, **context), status)
    response.headers["HX-Reswap"] = "none"
    response.vary.add("HX-Request")
    return response


@bp.post("/kreuzwortraetsel/<slug>/speichern")
@crossword_actions_per_address
def save_letters(slug: str):
    """Store the grid as typed (and the solve, once every letter is right)."""
    crossword = _crossword_or_404(slug)
    outcome = crossword_play.save_letters(
        crossword, current_player(), _typed(), clock.now(), ensure_player
    )
    return _answer(crossword, outcome, "saved")


@bp.post("/kreuzwortraetsel/<slug>/wort-pruefen")
@crossword_actions_per_address
def check_word(slug: str):
    """ "Wort prüfen": mark the entry's wrong letters (costs points, see docs/rules.md)."""
    crossword = _crossword_or_404(slug)
    label = request.form.get("wort", "")
    if not label:
        return _refuse(crossword, "unknown_entry")
    outcome = crossword_play.check_letters(
        crossword, current_player(), _typed(), clock.now(), ensure_player, entry_label=label
    )
    return _answer(crossword, outcome, "checked_word", checked=True)


@bp.post("/kreuzwortraetsel/<slug>/pruefen")
@crossword_actions_per_address
def check_grid(slug: str):
    """ "Rätsel prüfen": mark every wrong letter of the grid (costs points)."""
    crossword = _crossword_or_404(slug)
    outcome = crossword_play.check_letters(
        crossword, current_player(), _typed(), clock.now(), ensure_player
    )
    return _answer(crossword, outcome, "checked_grid", checked=True)


@bp.post("/kreuzwortraetsel/<slug>/aufdecken")
@crossword_actions_per_address
def reveal_letter(slug: str):
    """ "Buchstaben aufdecken": the chosen cell, or the entry's first wrong or empty cell."""
    crossword = _crossword_or_404(slug)
    cell, label = _cell(request.form.get("zelle")), request.form.get("wort", "")
    player, typed, now = current_player(), _typed(), clock.now()
    if cell is not None and request.form.get("ziel") == "zelle":
        outcome = crossword_play.reveal_letter(crossword, player, typed, cell, now, ensure_player)
    elif label:
        outcome = crossword_play.reveal_in_entry(
            crossword, player, typed, label, now, ensure_player
        )
    else:
        return _refuse(crossword, "no_cell")
    return _answer(crossword, outcome, "revealed")


@bp.post("/kreuzwortraetsel/<slug>/loesungswort")
@crossword_actions_per_address
def enter_solution(slug: str):
    """The Lösungswort on its own line: written into the marked cells and stored."""
    crossword = _crossword_or_404(slug)
    word = request.form.get("loesungswort", "")
    if len(word) > MAX_WORD:
        return _refuse(crossword, "too_long")
    outcome = crossword_play.enter_solution_word(
        crossword, current_player(), _typed(), word, clock.now(), ensure_player
    )
    return _answer(crossword, outcome, "word_entered")


@bp.errorhandler(429)
def too_many_requests(error):
    """Rate-limited actions: the crossword with a clear message, nothing stored."""
    crossword = crossword_play.public_crossword(
        (request.view_args or {}).get("slug", ""), clock.now()
    )
    return render_error(429) if crossword is None else _refuse(crossword, "rate_limited")


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    """A missing or stale CSRF token: a clear message, nothing stored."""
    crossword = crossword_play.public_crossword(
        (request.view_args or {}).get("slug", ""), clock.now()
    )
    return render_error(400) if crossword is None else _refuse(crossword, "csrf")
