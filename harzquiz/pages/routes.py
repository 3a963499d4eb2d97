"""Home page, Impressum, Datenschutz and the language switch."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, session, url_for

from harzquiz import clock
from harzquiz.caching.pages import shared_page
from harzquiz.caching.shells import render_page
from harzquiz.leaderboards.boards import board_for_current_player
from harzquiz.players.current import current_player
from harzquiz.riddles import feedback
from harzquiz.riddles.widget import build_widget
from harzquiz.services import catalog, crossword_catalog, scheduling
from harzquiz.web.htmx import safe_next
from harzquiz.web.privacy_facts import privacy_facts

bp = Blueprint("pages", __name__)


@bp.get("/")
@shared_page
def home():
    """The current riddle with its guess form, the crossword of the week's teaser, the
    leaderboard and regional article teasers."""
    now = clock.now()
    riddle = catalog.current_riddle(now)
    widget = build_widget(riddle, current_player(), now) if riddle else None
    return render_page(
        "pages/home.html",
        widget=widget,
        feedback=feedback.take(riddle.slug) if riddle else None,
        board=board_for_current_player(),
        articles=catalog.published_articles(now),
        crossword=crossword_catalog.current_crossword(now),
        next_at=None if riddle else scheduling.next_publish_time(now),
    )


@bp.get("/impressum")
def imprint():
    """Impressum (legal notice, required for German sites)."""
    return render_template("pages/imprint.html")


@bp.get("/datenschutz")
def privacy():
    """Datenschutz: every cookie with its purpose and lifetime, what is stored for how long,
    the mail sent, and the reader's rights (figures read from the config)."""
    return render_template("pages/privacy.html", facts=privacy_facts(current_app.config))


@bp.post("/sprache/<lang>")
def set_language(lang: str):
    """Switch the UI language (stored in the session cookie)."""
    if lang not in current_app.config["LANGUAGES"]:
        abort(404)
    session["lang"] = lang
    return redirect(safe_next(url_for(".home")), 303)
