"""Flask extensions, created unbound and attached in create_app (init_app pattern)."""

from flask import session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
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
login_manager = LoginManager()


# Formatting conventions per UI language: British English dates (25 Nov 2026), not US ones.
# Translations are looked up as en_GB, then en (the catalogue's folder).
FORMAT_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    """Pick the UI language: the reader's explicit choice, else German."""
    from flask import current_app

    chosen = session.get("lang")
    if chosen not in current_app.config["LANGUAGES"]:
        chosen = current_app.config["BABEL_DEFAULT_LOCALE"]
    return FORMAT_LOCALES.get(chosen, chosen)
