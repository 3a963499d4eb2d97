"""Configuration defaults; instance/config.py and HARZQUIZ_* environment variables override."""

import os

DEV_SECRET_KEY = "dev-only-not-secret"


class Defaults:
    """Values every environment starts from; see the README's configuration table."""

    SECRET_KEY = DEV_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = None  # filled in by create_app: instance/harzquiz.sqlite
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # How long a SQLite writer waits for another one before giving up with a 503.
    SQLITE_BUSY_TIMEOUT_MS = 5000

    # Flask-Babel: German first, English available.
    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    LANGUAGES = ("de", "en")

    # Flask-Limiter: memory by default, redis://… in production.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    GUESS_LIMIT_PER_PLAYER = "12/minute"
    GUESS_LIMIT_PER_IP = "120/minute"
    ACTION_LIMIT_PER_IP = "60/minute"  # hints, reveals, nickname changes
    QUIZ_ANSWER_LIMIT_PER_PLAYER = "30/minute"  # quiz questions are quicker than guesses
    QUIZ_ANSWER_LIMIT_PER_IP = "300/minute"
    LOGIN_LIMIT_PER_IP = "10/minute"  # login attempts per client address
    LOGIN_LIMIT_PER_EMAIL = "20/hour"  # login attempts per email address tried
    REGISTER_LIMIT_PER_IP = "10/hour"  # registration attempts per client address
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # a Redis outage must not break guessing

    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    MAX_CONTENT_LENGTH = 64 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set True behind HTTPS (also turns on HSTS)
    PROXY_HOPS = 0  # trusted reverse proxies in front of the app (X-Forwarded-For/-Proto)
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 365
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30  # "Angemeldet bleiben": 30 days
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False  # also turned on by SESSION_COOKIE_SECURE

    # Outgoing mail (harzquiz/services/mail.py; docs/operations.md "Mail"). Without
    # MAIL_HOST every mail is written as an .eml file to MAIL_FILE_DIR (default
    # instance/mail) instead, so a development checkout needs no mail server.
    MAIL_HOST = ""
    MAIL_PORT = 25
    MAIL_USE_STARTTLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_SENDER = "HarzQuiz <noreply@harzquiz.example>"
    MAIL_TIMEOUT = 10  # seconds to wait for the SMTP server
    MAIL_FILE_DIR = ""  # "" means instance/mail
    # Where links in mail point (scheme and host, e.g. https://quiz.example.org). Required
    # with MAIL_HOST: links built from a request's Host header could point elsewhere.
    SITE_URL = ""
    # Lifetimes of the links in account mail, in seconds.
    CONFIRM_EMAIL_MAX_AGE = 60 * 60 * 48
    RESET_PASSWORD_MAX_AGE = 60 * 60
    CHANGE_EMAIL_MAX_AGE = 60 * 60 * 48
    ACCOUNT_MAIL_LIMIT_PER_IP = "5/minute;30/hour"  # reset and resend requests per address
    ACCOUNT_MAIL_LIMIT_PER_ACCOUNT = "3/hour"  # confirmation resends per account
    # Reset mails per email address; beyond it the same answer is given but nothing sent
    # (the mails already sent still hold working links, so the owner is never locked out).
    RESET_MAILS_PER_EMAIL = "3/hour"

    SITE_NAME = "HarzQuiz"
    TELEGRAM_CHANNELS = (
        ("Goslar News", "https://t.me/goslarnews"),
        ("Harz News", "https://t.me/harznews"),
    )
    IMPRINT_OPERATOR = "HarzQuiz Redaktion, Marktstraße 1, 38640 Goslar"
    IMPRINT_EMAIL = "redaktion@harzquiz.example"

    # Points (DESIGN.md "Points"); the formula itself lives in harzquiz.rules.scoring.
    LEADERBOARD_SIZE = 10

    # Pages for readers without state of their own are shared for this long at most
    # (harzquiz.caching.pages; a solve empties the cache at once). 0 turns it off.
    PAGE_CACHE_SECONDS = 5


ENV_PREFIX = "HARZQUIZ_"


def load_environment(config: dict) -> None:
    """Copy HARZQUIZ_* variables (and the conventional DATABASE_URL/SECRET_KEY) into config."""
    if os.environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("REDIS_URL"):
        config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    config.from_prefixed_env(prefix=ENV_PREFIX.rstrip("_"))


def check_secret_key(app) -> None:
    """Refuse to run outside debug and tests with the development SECRET_KEY."""
    if app.config["SECRET_KEY"] == DEV_SECRET_KEY and not (app.debug or app.testing):
        raise RuntimeError(
            "SECRET_KEY is the development key. Set SECRET_KEY (or run `harzquiz-setup`, "
            "which writes a random one to instance/config.py)."
        )


def check_mail_settings(app) -> None:
    """Refuse to send real mail whose links would be built from the request's Host header."""
    if app.config.get("MAIL_HOST") and not app.config.get("SITE_URL") and not app.testing:
        raise RuntimeError(
            "HARZQUIZ_MAIL_HOST is set but HARZQUIZ_SITE_URL is not: set it to the site's "
            "address (e.g. https://quiz.example.org), which the links in mail point to."
        )
