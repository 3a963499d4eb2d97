"""Flask extensions, created unbound and attached in create_app (init_app pattern)."""

import secrets

from flask import session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


def select_locale() -> str:
    """Pick the UI language: the reader's explicit choice, else German."""
    from flask import current_app

    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def player_rate_key() -> str:
    """Rate-limit key for one player: a random id kept in their session from the first guess.

    Not the player id: a new guest's first guess comes before the player exists, and keying
    it by address instead made every new guest behind one address share one budget.
    """
    if "rate_key" not in session:
        session["rate_key"] = secrets.token_urlsafe(12)
    return f"player:{session['rate_key']}"
