"""Configuration defaults; instance/config.py and HARZQUIZ_* environment variables override."""

import os

from flask import Config

DEV_SECRET_KEY = "dev-only-not-secret"


class Defaults:
    """Values every environment starts from; see the configuration table in docs/operations.md."""

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
    # Reveals (a riddle's solution, a quiz's right answers) per client address, riddles and
    # quizzes, site and embeds together; and per address and riddle or quiz (docs/rules.md).
    REVEAL_LIMIT_PER_IP = "10/hour;30/day"
    REVEAL_LIMIT_PER_ADDRESS_AND_ITEM = "5/day"
    QUIZ_ANSWER_LIMIT_PER_PLAYER = "30/minute"  # quiz questions are quicker than guesses
    QUIZ_ANSWER_LIMIT_PER_IP = "300/minute"
    # Crossword saves (debounced while typing), checks and reveals, per client address.
    CROSSWORD_ACTION_LIMIT_PER_IP = "240/minute"
    LOGIN_LIMIT_PER_IP = "10/minute"  # login attempts per client address
    # Per (client address, email tried): the tight limit on guessing one account.
    LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL = "20/hour"
    # Per email tried, from all addresses together: only a brake on distributed guessing,
    # so high that failing on purpose cannot lock the owner out (docs/operations.md).
    LOGIN_LIMIT_PER_EMAIL = "200/hour"
    PASSWORD_CHANGE_LIMIT_PER_ACCOUNT = "20/hour"  # wrong current passwords, per account
    REGISTER_LIMIT_PER_IP = "10/hour"  # registration attempts per client address
    REPORT_LIMIT_PER_IP = "5/minute;20/hour"  # readers' reports ("Melden") per address
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True  # a Redis outage must not break guessing

    # Pictures: where their files go (docs/operations.md); "" means instance/uploads.
    PICTURE_STORE = "harzquiz.services.picture_store:local_store"
    PICTURE_UPLOAD_DIR = ""

    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    MAX_CONTENT_LENGTH = 64 * 1024
    CONTENT_FILE_MAX_BYTES = 4 * 1024 * 1024  # the desk's content import (web.bodies)
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set True behind HTTPS (also turns on HSTS)
    PROXY_HOPS = 0  # trusted reverse proxies in front of the app (X-Forwarded-For/-Proto)
    # The host names the site answers to (Flask checks Host, or X-Forwarded-Host behind
    # PROXY_HOPS; any other gets a 400), so a forged host never reaches a page, let alone
    # a shared one (harzquiz.caching.pages). Production sets its own, e.g.
    # HARZQUIZ_TRUSTED_HOSTS='["quiz.example.org"]' (or a comma-separated list).
    TRUSTED_HOSTS = ["localhost", "127.0.0.1"]
    # Guests' cookies are permanent (all that holds their progress); an account's login is
    # a browser-session cookie that also ends after 14 idle days (web.account_sessions).
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 365
    # A guest's unchanged cookie is signed anew (its year restarted) once a day at most.
    SESSION_REFRESH_SECONDS = 60 * 60 * 24
    ACCOUNT_SESSION_IDLE_SECONDS = 60 * 60 * 24 * 14
    # An embed's `t` session token (where the browser blocks the embed cookie): one partner,
    # one day (harzquiz.web.sessions).
    EMBED_TOKEN_MAX_AGE = 60 * 60 * 24
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30  # "Angemeldet bleiben": 30 days
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False  # also turned on by SESSION_COOKIE_SECURE

    # Guests inactive this long are deleted by `flask purge-guests` (run daily; the
    # Datenschutz page states this figure).
    GUEST_RETENTION_DAYS = 180
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
    # The public address partners' embed snippets point at (e.g. https://quiz.example.org),
    # whatever host the editor browses the desk on; "" falls back to SITE_URL, then to the
    # request's own address (development).
    PUBLIC_URL = ""
    # Lifetimes of the links in account mail, in seconds.
    CONFIRM_EMAIL_MAX_AGE = 60 * 60 * 48
    RESET_PASSWORD_MAX_AGE = 60 * 60
    CHANGE_EMAIL_MAX_AGE = 60 * 60 * 48
    ACCOUNT_MAIL_LIMIT_PER_IP = "5/minute;30/hour"  # reset and resend requests per address
    ACCOUNT_MAIL_LIMIT_PER_ACCOUNT = "3/hour"  # confirmation resends per account
    # Reset mails per email address; beyond it the same answer is given but nothing sent
    # (the mails already sent still hold working links, so the owner is never locked out).
    RESET_MAILS_PER_EMAIL = "3/hour"

    # Nicknames (docs/rules.md "Nicknames"): words no name may be or contain, as a list or
    # one comma-separated string (HARZQUIZ_RESERVED_NICKNAMES="Redaktion,Admin,...").
    RESERVED_NICKNAMES = (
        "Redaktion",
        "Redakteur",
        "Redakteurin",
        "Admin",
        "Administrator",
        "Moderator",
        "Moderatorin",
        "Moderation",
        "Mod",
        "HarzQuiz",
        "GoslarHarz",
        "Goslar News",
        "Harz News",
        "System",
        "Support",
        "Team",
        "Staff",
        "Official",
        "Offiziell",
        "Root",
        "Sysop",
        "Webmaster",
        "Kundenservice",
        "Impressum",
    )
    # The insult list with its allowed exceptions; "" means harzquiz/data/nickname-blocklist.txt.
    NICKNAME_BLOCKLIST = ""

    SITE_NAME = "HarzQuiz"
    TELEGRAM_CHANNELS = (
        ("Goslar News", "https://t.me/goslarnews"),
        ("Harz News", "https://t.me/harznews"),
    )
    # Announcing a new riddle (`flask notify`, docs/operations.md): Telegram's Bot API
    # (HARZQUIZ_TELEGRAM_BOT_TOKEN, HARZQUIZ_TELEGRAM_CHAT_IDS="@goslarnews,@harznews"; no
    # token: no posts) and the mail to accounts that opted in.
    TELEGRAM_BOT_TOKEN = ""
    TELEGRAM_CHAT_IDS: tuple[str, ...] | str = ()
    TELEGRAM_API_URL = "https://api.telegram.org"
    TELEGRAM_TIMEOUT = 10  # seconds
    NOTIFY_MAX_AGE_HOURS = 48  # a riddle live for longer is never announced late
    NOTIFY_BATCH_SIZE = 500  # deliveries claimed and sent per round trip
    NOTIFY_LEASE_SECONDS = 600  # a claim older than this (its run died) is taken over
    NOTIFY_MAX_ATTEMPTS = 6  # then a message is marked failed (retries: rules.notify)
    # Prize draws: the entries' personal data (account link, consent wording) is purged this
    # many days after the draw (`flask purge-prize-entries`, daily).
    PRIZE_RETENTION_DAYS = 90
    IMPRINT_OPERATOR = "HarzQuiz Redaktion, Marktstraße 1, 38640 Goslar"
    IMPRINT_EMAIL = "redaktion@harzquiz.example"

    # Points (docs/rules.md, "Points"); the formula itself lives in harzquiz.rules.scoring.
    LEADERBOARD_SIZE = 10
    # Who the public boards rank (docs/rules.md "Who ranks"): "accounts" (confirmed accounts
    # only) or "everyone" (guests too, as before). Anything else stops the app at startup.
    BOARD_RANKS = "accounts"
    # How long an embed's "Punkte sichern" code works (harzquiz.services.claims), in seconds.
    CLAIM_CODE_MAX_AGE = 30 * 60

    # Pages for readers without state of their own are shared for this long at most
    # (harzquiz.caching.pages; a solve empties the cache at once). 0 turns it off.
    PAGE_CACHE_SECONDS = 5
    # Tests: every page assembled from a shell (caching/shells.py) is also rendered in full
    # and compared; a difference is an error (a reader's own content outside an own part).
    SHELL_SELF_CHECK = False


ENV_PREFIX = "HARZQUIZ_"


def load_environment(config: Config) -> None:
    """Copy HARZQUIZ_* variables (and the conventional DATABASE_URL/SECRET_KEY) into config."""
    if os.environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("SECRET_KEY"):
        config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("REDIS_URL"):
        config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
    config.from_prefixed_env(prefix=ENV_PREFIX.rstrip("_"))
    hosts = config.get("TRUSTED_HOSTS")
    if isinstance(hosts, str):  # not JSON: "quiz.example.org, www.quiz.example.org"
        config["TRUSTED_HOSTS"] = [host.strip() for host in hosts.split(",") if host.strip()]


# Anyone who knows or guesses the key can sign a session cookie as any account.
SECRET_KEY_MIN_BYTES = 32


def check_secret_key(app) -> None:
    """Refuse to run with the development SECRET_KEY or one shorter than 32 bytes.

    Only tests (TESTING) may: debug mode is no exception, as a debug server may well be
    reachable from other machines."""
    if app.testing:
        return
    key = app.config.get("SECRET_KEY") or ""
    raw = key if isinstance(key, bytes) else str(key).encode()
    if key == DEV_SECRET_KEY:
        problem = "is the development key"
    elif len(raw) < SECRET_KEY_MIN_BYTES:
        problem = f"is shorter than {SECRET_KEY_MIN_BYTES} bytes"
    else:
        return
    raise RuntimeError(
        f"SECRET_KEY {problem}. Set SECRET_KEY to a long random value (or run "
        "`harzquiz-setup`, which writes a random one to instance/config.py)."
    )


def check_drivers(app) -> None:
    """Refuse to start when a configured backend's driver (an optional extra) is missing."""
    from importlib.util import find_spec

    from sqlalchemy.engine import make_url

    storage = app.config.get("RATELIMIT_STORAGE_URI") or ""
    if storage.split("://")[0].startswith(("redis", "unix")) and find_spec("redis") is None:
        raise RuntimeError(
            "REDIS_URL (RATELIMIT_STORAGE_URI) points at Redis, but the redis package is not "
            "installed: pip install 'harzquiz[redis]' (or -r requirements/production.txt)."
        )
    database = app.config.get("SQLALCHEMY_DATABASE_URI")
    driver = make_url(database).get_driver_name() if database else None
    if driver == "psycopg" and find_spec("psycopg") is None:
        raise RuntimeError(
            "DATABASE_URL is a PostgreSQL URL, but psycopg is not installed: "
            "pip install 'harzquiz[postgres]' (or -r requirements/production.txt)."
        )


def check_mail_settings(app) -> None:
    """Refuse to send real mail whose links would be built from the request's Host header."""
    if app.config.get("MAIL_HOST") and not app.config.get("SITE_URL") and not app.testing:
        raise RuntimeError(
            "HARZQUIZ_MAIL_HOST is set but HARZQUIZ_SITE_URL is not: set it to the site's "
            "address (e.g. https://quiz.example.org), which the links in mail point to."
        )
