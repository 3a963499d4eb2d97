"""How long an account stays logged in, and how a login ends (docs/rules.md "Accounts").

- A login without "Angemeldet bleiben" is a browser-session cookie (not permanent), and it
  ends after ACCOUNT_SESSION_IDLE_SECONDS (14 days) without a request: the session keeps a
  last-seen time (`seen`, from the app clock), refreshed at most once an hour.
- "Angemeldet bleiben" adds Flask-Login's remember cookie (REMEMBER_COOKIE_DURATION, 30
  days); it logs the browser in again when the session has ended.
- Logging out, and "Überall abmelden", rotate the account's login id. Flask-Login loads an
  account by that id from the session and from the remember cookie, so every copy of
  either stops working at once, on the server side.
- A login drops the session's CSRF token: the one shown before logging in is worth nothing
  afterwards.
- Guests keep a permanent cookie (PERMANENT_SESSION_LIFETIME): it is all that holds their
  progress.
"""

from __future__ import annotations

from flask import current_app, session
from flask_login import login_user, logout_user

from harzquiz import clock
from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.web.sessions import ACCOUNT_KEYS, is_embed_request

SEEN_KEY = "seen"
# The last-seen time is written again only when it is this old (not on every request).
SEEN_GRANULARITY_SECONDS = 60 * 60


def _now() -> int:
    return int(clock.now().timestamp())


def start(account: Player, remember: bool) -> None:
    """Log `account` in: a browser-session cookie, a fresh CSRF token, last seen now."""
    session.pop("csrf_token", None)  # Flask-WTF makes a new one for the next form
    session.permanent = False
    session[SEEN_KEY] = _now()
    login_user(account, remember=remember)


def end_everywhere(account: Player) -> None:
    """Log out here, and end every other session and remember cookie of the account."""
    from harzquiz.services.accounts import new_login_id

    account.login_id = new_login_id()
    db.session.commit()
    logout_user()
    session.pop(SEEN_KEY, None)


def end_idle_session() -> None:
    """before_request: forget the login of a session idle for too long (or from before
    last-seen times were kept); a remember cookie may still log the browser in again."""
    if "_user_id" not in session or is_embed_request():
        return
    seen = session.get(SEEN_KEY)
    idle = current_app.config["ACCOUNT_SESSION_IDLE_SECONDS"]
    if isinstance(seen, int) and 0 <= _now() - seen <= idle:
        return
    for key in (*ACCOUNT_KEYS, SEEN_KEY):
        if key != "_remember":  # "clear" (a pending logout) must stay
            session.pop(key, None)


def note_activity(response):
    """after_request: keep the last-seen time of a logged-in session current."""
    if "_user_id" in session and not is_embed_request():
        seen = session.get(SEEN_KEY)
        now = _now()
        if not isinstance(seen, int) or now - seen >= SEEN_GRANULARITY_SECONDS:
            session[SEEN_KEY] = now
    return response
