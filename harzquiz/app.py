"""The app factory, and every app-wide request hook in one place, in the order they run.

Request hooks, in the order Flask runs them for a request:

before the view
 1. `assign_request_id` (here), registered as the app's URL value preprocessor so it runs
    before everything else, even the embed blueprint's preprocessor: a refusal by CSRF,
    the rate limiter or an unknown embed key is logged with its request id.
 2. `end_idle_session` (web.account_sessions): a login idle for longer than
    ACCOUNT_SESSION_IDLE_SECONDS is forgotten before anything (a rate-limit key, the view)
    loads the account.
 3. `refuse_malformed_urls` (web.htmx): a `next` or HX-Current-URL that is no URL at all
    (CR/LF, `http://[::1`) is a 400 before anything reads or stores. Then
    `allow_larger_bodies` (web.bodies): a view marked for files (the desk's content
    import) gets its larger body limit before the CSRF check reads the body.
 4. Flask-WTF's CSRF check (csrf.init_app) on every POST; refusals raise CSRFError.
 5. Flask-Limiter's check for the limits decorated on views (limiter.init_app).
 6. Blueprint hooks: the embed blueprint's `url_value_preprocessor` (partner from the key,
    framing, embed session), `auth.never_framed`, the desk's `check_role`
    (harzquiz.desk.routes: role check and framing for every /redaktion view).
after the view (Flask runs after_request hooks last-registered first; blueprint ones before
the app's)
 7. Blueprint hooks: the embed blueprint's `keep_redirects_inside`.
 8. `note_activity` (web.account_sessions): a logged-in session's last-seen time.
 9. `log_refusals` (web.errors): one log line per 4xx.
10. `apply_security_headers` (web.security): CSP with the frame-ancestors the view chose
    in `g.frame_ancestors`, nosniff, referrer policy, HSTS; it must see the final response.
11. `send_request_id` (here): `X-Request-ID` on every response.
12. Flask-Compress (web.compression): brotli or gzip for bodies above COMPRESS_MIN_SIZE,
    as the browser asks, last, so it compresses the final body.
Then Flask-Login and the session interface (web.sessions: the embed's own cookie) save the
session while the response is written.

Registration order below is the reverse of 8-12, because Flask runs after_request hooks in
reverse order of registration. Static files never reach Flask: WhiteNoise serves them in
front of it, precompressed (web.compression, set up at the end of `create_app`).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, g, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from harzquiz import clock, write_queue
from harzquiz import config as config_module
from harzquiz.caching import (
    listener,  # noqa: F401  (registers the stamp flush listeners)
    reads,
)
from harzquiz.caching.shells import share_part_by_state
from harzquiz.extensions import babel, csrf, db, limiter, login_manager, migrate, select_locale
from harzquiz.services import totals_listener  # noqa: F401  (keeps the point totals)
from harzquiz.web import (
    account_sessions,
    bodies,
    compression,
    errors,
    htmx,
    static_files,
    template_helpers,
)
from harzquiz.web.jinja_environment import HarzQuizFlask
from harzquiz.web.security import apply_security_headers
from harzquiz.web.sessions import EmbedAwareSessionInterface

ROOT = Path(__file__).resolve().parent.parent
MIGRATIONS = Path(__file__).parent / "migrations"
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, extensions, hooks, blueprints; nothing else."""
    app = HarzQuizFlask(
        "harzquiz",
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(config_module.Defaults)
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        f"sqlite:///{os.path.join(app.instance_path, 'harzquiz.sqlite')}"
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        config_module.load_environment(app.config)
    else:
        app.config.from_mapping(test_config)
    config_module.check_secret_key(app)
    config_module.check_drivers(app)
    config_module.check_mail_settings(app)
    check_board_ranks(app)
    app.config["NOW"] = clock.parse_frozen(app.config.get("NOW"))

    init_extensions(app)
    register_hooks(app)
    register_blueprints(app)
    register_cli(app)
    compression.serve_static_precompressed(app)
    return app


def check_board_ranks(app: Flask) -> None:
    """Refuse to start with a BOARD_RANKS other than "accounts" or "everyone" (the rule and
    its values: harzquiz.rules.board_listing)."""
    from harzquiz.rules.board_listing import SETTING, parse_board_ranks

    try:
        app.config[SETTING] = parse_board_ranks(app.config.get(SETTING)).value
    except ValueError as problem:
        raise RuntimeError(str(problem)) from None


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


def assign_request_id(_endpoint: str | None = None, _values: dict | None = None) -> None:
    """First of all hooks: the proxy's request id if it is sane, else a fresh one."""
    # From the environ: request.headers.get raises and catches a KeyError when it is missing.
    given = request.environ.get("HTTP_X_REQUEST_ID", "")
    g.request_id = given if given and REQUEST_ID.fullmatch(given) else secrets.token_hex(8)


def send_request_id(response):
    """after_request, last: the same id as in the server log and on the 500 page."""
    request_id = g.get("request_id")
    # getlist, not setdefault: on werkzeug's Headers, a missing name raises and catches a
    # KeyError (an HTTP exception object) in `in` and `setdefault`.
    if request_id is not None and not response.headers.getlist("X-Request-ID"):
        response.headers.add("X-Request-ID", request_id)
    return response


def init_extensions(app: Flask) -> None:
    """Bind db, migrations, CSRF, rate limits, translations and logins to the app."""
    # URL value preprocessors run before every before_request hook (step 1).
    app.url_value_preprocessor(assign_request_id)
    # Registered before CSRF and the limiter attach theirs, so it runs before them (step 2).
    app.before_request(account_sessions.end_idle_session)
    app.before_request(htmx.refuse_malformed_urls)  # step 3
    app.before_request(bodies.allow_larger_bodies)  # step 3b: before CSRF reads the body
    db.init_app(app)
    app.teardown_request(reads.close_plain_connection)  # a reader's plain connection back
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            timeout = app.config["SQLITE_BUSY_TIMEOUT_MS"]
            event.listen(engine, "connect", _sqlite_pragmas(timeout))
            write_queue.install(engine, timeout)  # writers queue on a file lock
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
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    template_helpers.register(app)
    # Shown once in the page layout (templates/base.html); a player module, so registered here.
    from harzquiz.players import parts
    from harzquiz.players.notices import rename_notice

    app.jinja_env.globals["rename_notice"] = rename_notice
    # The layout's own parts are the same for every reader in the same state (players/parts.py).
    share_part_by_state("_desk_nav_item.html", parts.desk_nav_item_state)
    share_part_by_state("_account_links.html", parts.account_links_state)
    share_part_by_state("_notices.html", parts.notices_state)


def register_hooks(app: Flask) -> None:
    """The app-wide after_request hooks (see the module docstring for the order they run in)."""
    app.url_defaults(static_files.add_fingerprint)
    app.after_request(compression.compress_pages(app))  # 12: runs last
    app.after_request(send_request_id)  # 11
    app.after_request(apply_security_headers)  # 10
    app.after_request(errors.log_refusals)  # 9
    app.after_request(account_sessions.note_activity)  # 8


def init_login(app: Flask) -> None:
    """Flask-Login: accounts are loaded by their login id (a password change rotates it)."""
    from harzquiz.models import Player

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
    """One blueprint per readers' area, and the desk with its areas nested in it.

    The only place that imports blueprint modules (import-linter enforces it), with two
    exceptions by design: the desk's parent blueprint nests its areas, and the embed
    blueprint re-registers the riddle, quiz, crossword and leaderboard views."""
    from harzquiz.articles.routes import bp as articles_bp
    from harzquiz.auth.recovery import bp as recovery_bp
    from harzquiz.auth.routes import bp as auth_bp
    from harzquiz.crosswords.routes import bp as crosswords_bp
    from harzquiz.desk.routes import bp as desk_bp
    from harzquiz.discovery.routes import bp as discovery_bp
    from harzquiz.embeds.claims import bp as claims_bp
    from harzquiz.embeds.oembed import bp as oembed_bp
    from harzquiz.embeds.routes import bp as embed_bp
    from harzquiz.leaderboards.reports import bp as reports_bp
    from harzquiz.leaderboards.routes import bp as leaderboards_bp
    from harzquiz.notifications.routes import bp as notifications_bp
    from harzquiz.ops.routes import bp as ops_bp
    from harzquiz.pages.routes import bp as pages_bp
    from harzquiz.pictures.routes import bp as pictures_bp
    from harzquiz.players.privacy import bp as privacy_bp
    from harzquiz.players.routes import bp as players_bp
    from harzquiz.prizes.routes import bp as prizes_bp
    from harzquiz.quizzes.routes import bp as quizzes_bp
    from harzquiz.riddles.routes import bp as riddles_bp

    readers = (
        pages_bp,
        riddles_bp,
        articles_bp,
        leaderboards_bp,
        players_bp,
        privacy_bp,
        auth_bp,
        recovery_bp,
        claims_bp,
        reports_bp,
    )
    for blueprint in (
        *readers,
        quizzes_bp,
        crosswords_bp,
        pictures_bp,
        discovery_bp,
        notifications_bp,
        prizes_bp,
        ops_bp,
        desk_bp,
        embed_bp,
        oembed_bp,
    ):
        app.register_blueprint(blueprint)
    errors.register_error_handlers(app)


def register_cli(app: Flask) -> None:
    """The `flask` commands (setup, demo, content import/export, backup, …)."""
    from harzquiz.cli.commands import register

    register(app)
