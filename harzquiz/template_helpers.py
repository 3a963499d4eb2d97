"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, get_locale

from .game.lifecycle import BERLIN
from .game.play import MAX_GUESS_LENGTH
from .htmx import page_path
from .markdown import render_markdown


def register(app: Flask) -> None:
    """Install filters and context shared by all templates."""
    app.jinja_env.filters["berlin"] = lambda value, fmt="medium": (
        format_datetime(value, fmt) if value else ""
    )
    # format_date would take the UTC calendar day; the day in Berlin is the one readers mean.
    app.jinja_env.filters["berlin_date"] = lambda value, fmt="medium": (
        format_date(value.astimezone(BERLIN).date(), fmt) if value else ""
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
        }
