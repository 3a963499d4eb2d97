"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import format_date, format_datetime, get_locale

from harzquiz.caching.shells import own_part
from harzquiz.rules.berlin import berlin_day
from harzquiz.rules.inputs import MAX_GUESS_LENGTH
from harzquiz.rules.refusals import Refusal
from harzquiz.web.crossword_links import crossword_url
from harzquiz.web.htmx import page_path
from harzquiz.web.kept_parts import kept_part
from harzquiz.web.markdown import render_markdown
from harzquiz.web.pagination import page_url
from harzquiz.web.pictures import picture_view


def register(app: Flask) -> None:
    """Install filters and context shared by all templates."""
    app.jinja_env.filters["berlin"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    # format_date would take the UTC calendar day; the day in Berlin is the one readers mean.
    app.jinja_env.filters["berlin_date"] = lambda value, fmt="medium": (
        format_date(berlin_day(value), fmt) if value else ""
    )
    # A calendar date that is already Berlin's (a week's Monday, a month's first day).
    app.jinja_env.filters["calendar_date"] = lambda value, fmt="medium": (
        format_date(value, fmt) if value else ""
    )
    app.jinja_env.filters["markdown"] = render_markdown

    @app.context_processor
    def site_context() -> dict:
        return {
            "site_name": current_app.config["SITE_NAME"],
            "telegram_channels": current_app.config["TELEGRAM_CHANNELS"],
            "languages": current_app.config["LANGUAGES"],
            "current_locale": get_locale().language,
            "current_path": page_path(),
            "max_guess_length": MAX_GUESS_LENGTH,
            "embedded": False,  # the embed blueprint says True (partner frame, links open out)
        }

    app.jinja_env.globals["surface_url"] = surface_url
    app.jinja_env.globals["url_for"] = known_url
    # The reader's own parts of a page (caching/shells.py: the rest is kept as a shell).
    app.jinja_env.globals["own_part"] = own_part
    # Partials of htmx answers kept per state (web/kept_parts.py).
    app.jinja_env.globals["kept_part"] = kept_part
    # Refusal messages are keyed by the enum (riddles/_feedback.html, quizzes/_alert.html).
    app.jinja_env.globals["Refusal"] = Refusal
    app.jinja_env.globals["page_url"] = page_url  # templates/_pagination.html
    app.jinja_env.globals["claim_autofocus"] = claim_autofocus
    app.jinja_env.globals["crossword_url"] = crossword_url  # web/crossword_links.py
    app.jinja_env.globals["picture_view"] = picture_view  # templates/pictures/_figure.html


def claim_autofocus() -> bool:
    """True for the first caller in a request only: a document may carry one autofocus
    attribute (HTML), so the fields after the first that asks go without."""
    if g.get("autofocus_claimed"):
        return False
    g.autofocus_claimed = True
    return True


def surface_url(endpoint: str, **values) -> str:
    """A reader page or action on the surface being rendered: the site, or a partner embed.

    The embed blueprint registers the riddle and leaderboard views under the same endpoint
    names, so "riddles.guess" becomes "embed.guess" there (key and token added by it).
    """
    surface = g.get("url_surface")
    if surface:
        return url_for(f"{surface}.{endpoint.rpartition('.')[2]}", **values)
    return known_url(endpoint, **values)


def known_url(endpoint: str, **values) -> str:
    """url_for, remembered per app: the same endpoint and values always build the same URL
    (the URL map is fixed once the app runs), and building one costs about as much as
    rendering a short template. Not remembered: URLs that depend on the request beyond its
    host and root (partner embeds add their key and the reader's token; static files their
    content hash, which changes when the file does), and values that cannot be a key."""
    if endpoint == "static" or endpoint.startswith("embed.") or not has_request_context():
        return url_for(endpoint, **values)
    host = request.host_url if values.get("_external") else ""
    try:
        key = (endpoint, request.script_root, host, frozenset(values.items()))
        known = _known_urls().get(key)
    except TypeError:  # a value that is not hashable
        return url_for(endpoint, **values)
    if known is None:
        known = url_for(endpoint, **values)
        urls = _known_urls()
        if len(urls) >= KNOWN_URLS_MAX:
            urls.clear()
        urls[key] = known
    return known


KNOWN_URLS_MAX = 20_000


def _known_urls() -> dict:
    return current_app.extensions.setdefault("harzquiz.known_urls", {})
