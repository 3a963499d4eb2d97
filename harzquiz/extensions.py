"""Flask extensions, created unbound and attached in create_app (init_app pattern)."""

from typing import TYPE_CHECKING

from babel import Locale
from flask import current_app, has_request_context, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect as _CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


# Objects a request loaded stay usable after its commit (no reload per attribute): a request
# is short and re-reads what it needs, so expiring on commit only added queries.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})

if TYPE_CHECKING:
    from typing import ClassVar

    from flask_sqlalchemy.model import Model as _FSAModel
    from sqlalchemy import Table

    class Model(Base, _FSAModel):
        """db.Model as mypy can see it (db.Model is built at run time, so mypy cannot)."""

        __table__: ClassVar[Table]  # declarative models map a Table, not any FromClause

else:
    Model = db.Model


class CSRFProtect(_CSRFProtect):
    """Flask-WTF's CSRF protection, with the method checked first.

    Its before_request hook looks up the endpoint and the exempt views and blueprints before
    it looks at the method, so every GET paid for that look-up only to be waved through.
    A request whose method is not in WTF_CSRF_METHODS is never checked, exempt or not: the
    same outcome, sooner. Every other request goes through Flask-WTF's check unchanged.
    """

    def protect(self, apply_exemptions: bool = False) -> None:
        if request.method not in current_app.config["WTF_CSRF_METHODS"]:
            return
        super().protect(apply_exemptions)


migrate = Migrate()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
login_manager = LoginManager()


# Formatting conventions per UI language: British English dates (25 Nov 2026), not US ones.
# Translations are looked up as en_GB, then en (the catalogue's folder).
FORMAT_LOCALES = {"en": "en_GB"}


# One parsed Locale per identifier, shared by all requests (Locale objects are not changed
# after parsing; each loads its locale data once, on first use).
_parsed_locales: dict[str, Locale] = {}


def select_locale() -> Locale:
    """Pick the UI language: the reader's explicit choice, else German.

    A Locale rather than its identifier: Flask-Babel passes what this returns through
    Locale.parse, which returns a Locale as it is, so no request parses one anew (a fifth
    of the cost of the first get_locale() of every request)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # one look-up
    # Commands (e.g. import-content reporting form errors) have no session: German.
    chosen: str = session.get("lang", "") if has_request_context() else ""
    if chosen not in app.config["LANGUAGES"]:
        chosen = app.config["BABEL_DEFAULT_LOCALE"]
    identifier = FORMAT_LOCALES.get(chosen, chosen)
    locale = _parsed_locales.get(identifier)
    if locale is None:
        locale = _parsed_locales.setdefault(identifier, Locale.parse(identifier))
    return locale
