"""Flask extensions, created unbound and attached in create_app (init_app pattern)."""

from typing import TYPE_CHECKING

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
    from flask import current_app, has_request_context

    # Commands (e.g. import-content reporting form errors) have no session: German.
    chosen: str = session.get("lang", "") if has_request_context() else ""
    if chosen not in current_app.config["LANGUAGES"]:
        chosen = current_app.config["BABEL_DEFAULT_LOCALE"]
    return FORMAT_LOCALES.get(chosen, chosen)
