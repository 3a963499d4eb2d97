"""Attach extensions, request hooks, blueprints and commands to an app."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from . import content_stamp  # noqa: F401  (registers the content-stamp flush listener)
from .embeds.session import EmbedAwareSessionInterface
from .extensions import babel, csrf, db, limiter, login_manager, migrate, select_locale
from .security import apply_security_headers

MIGRATIONS = Path(__file__).parent / "migrations"
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _sqlite_pragmas(busy_timeout_ms: int):
    """A connect listener: WAL, foreign keys and a busy timeout on every SQLite connection."""

    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return on_connect


def init_extensions(app: Flask) -> None:
    """Bind db, migrations, CSRF, rate limits and translations to the app."""
    # First of the request hooks: a refusal by CSRF or the rate limiter is logged with it.
    @app.before_request
    def assign_request_id() -> None:
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.fullmatch(given) else secrets.token_hex(8)

    @app.after_request
    def send_request_id(response):
        # The same id as in the server log and on the 500 page: a reader can quote it.
        if "request_id" in g:
            response.headers.setdefault("X-Request-ID", g.request_id)
        return response

    db.init_app(app)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            timeout = app.config["SQLITE_BUSY_TIMEOUT_MS"]
            event.listen(engine, "connect", _sqlite_pragmas(timeout))
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    init_login(app)
    # Embeds keep their own Partitioned cookie (or token); the site's cookie stays Lax.
    app.session_interface = EmbedAwareSessionInterface()

    if app.config["PROXY_HOPS"]:
        # Behind N trusted proxies: take the client address and scheme from their headers
        # (rate limits per address would otherwise see only the proxy).
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    app.after_request(apply_security_headers)

    from . import static_files, template_helpers

    template_helpers.register(app)
    static_files.register(app)


def init_login(app: Flask) -> None:
    """Flask-Login: accounts are loaded by their login id (a password change rotates it)."""
    from .models import Player

    login_manager.init_app(app)
    if app.config["SESSION_COOKIE_SECURE"]:
        app.config["REMEMBER_COOKIE_SECURE"] = True
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_account(login_id: str) -> Player | None:
        return db.session.scalar(
            sa.select(Player).where(Player.login_id == login_id, Player.email.is_not(None))
        )


def register_blueprints(app: Flask) -> None:
    """One blueprint per area of the site."""
    from .articles.routes import bp as articles_bp
    from .auth.routes import bp as auth_bp
    from .desk import bp as desk_bp
    from .embeds.oembed import bp as oembed_bp
    from .embeds.routes import bp as embed_bp
    from .errors import register_error_handlers
    from .leaderboards.routes import bp as leaderboards_bp
    from .ops.routes import bp as ops_bp
    from .pages.routes import bp as pages_bp
    from .partners.routes import bp as partners_bp
    from .players.routes import bp as players_bp
    from .quizdesk.routes import bp as quizdesk_bp
    from .quizzes.routes import bp as quizzes_bp
    from .riddles.routes import bp as riddles_bp

    blueprints = (pages_bp, riddles_bp, articles_bp, leaderboards_bp, players_bp, auth_bp)
    blueprints += (ops_bp, desk_bp, embed_bp, oembed_bp, partners_bp)
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
    app.register_blueprint(quizzes_bp)
    app.register_blueprint(quizdesk_bp)
    register_error_handlers(app)


def register_cli(app: Flask) -> None:
    """The `flask setup`, `flask seed-demo` and related commands."""
    from .cli import register

    register(app)
