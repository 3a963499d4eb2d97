"""The session inside partner embeds: a Partitioned cookie, or a signed token when blocked.

Readers on a partner's page see /embed/… in a cross-site iframe. The main site's session
cookie stays SameSite=Lax (it must not ride along on cross-site requests), so embeds keep
their own session: a cookie named EMBED_COOKIE, scoped to /embed/, marked
`Partitioned; SameSite=None; Secure` (CHIPS: one jar per partner site). Where the browser
blocks even that, the same signed value travels as the `t` query argument of every embed
URL and redirect (EMBED_TOKEN_ARG); the cookie wins when both arrive, as it is never older.
The embed session never holds an account: login stays on the main site.

A token travels in URLs (history, screenshots, a partner's own logs), so it is worth
little: it is signed for one partner (its embed key is in the salt; another partner's
embed refuses it) and expires after EMBED_TOKEN_MAX_AGE (one day, by the app clock).
gunicorn's access log leaves query strings out (harzquiz.gunicorn_conf).
"""

from __future__ import annotations

from collections import OrderedDict

from flask import Flask, Request, g, has_request_context, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from harzquiz import clock
from harzquiz.web.vary import add_vary

EMBED_PREFIX = "/embed/"
EMBED_COOKIE = "harzquiz_embed"
EMBED_TOKEN_ARG = "t"
# Flask-Login's keys: an embed session must never carry an account (a token ends up in URLs).
ACCOUNT_KEYS = ("_user_id", "_fresh", "_id", "_remember", "_remember_seconds")


class AppClockSigner(TimestampSigner):
    """Token timestamps from the app clock, so a token's age is the app's idea of time."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def partner_key_in(path: str) -> str:
    """The partner's embed key in an embed path (/embed/<key>/…), or ""."""
    return path[len(EMBED_PREFIX) :].split("/", 1)[0] if path.startswith(EMBED_PREFIX) else ""


def token_serializer(app: Flask, partner_key: str) -> URLSafeTimedSerializer:
    """Signs and checks the `t` tokens of one partner's embed (no other partner's)."""
    interface = app.session_interface
    assert isinstance(interface, EmbedAwareSessionInterface)
    return URLSafeTimedSerializer(
        app.secret_key,  # type: ignore[arg-type]
        salt=f"embed-token:{partner_key}",
        serializer=interface.serializer,
        signer=AppClockSigner,
        signer_kwargs={
            "key_derivation": interface.key_derivation,
            "digest_method": interface.digest_method,
        },
    )


class EmbedSession(SecureCookieSession):
    """A session that remembers whether it came from a token that failed its signature,
    and when its cookie was signed (None: no cookie, or not known)."""

    tampered = False
    signed_at: int | None = None


def session_tampered() -> bool:
    """Whether this request's session came from an embed token that failed its signature."""
    return bool(getattr(session, "tampered", False))  # an EmbedSession; mypy sees SessionMixin


def is_embed_request() -> bool:
    """Whether the current request is for an embed page or action."""
    return has_request_context() and request.path.startswith(EMBED_PREFIX)


class EmbedAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, with embed requests in their own cookie (or token)."""

    session_class = EmbedSession
    embed_salt = "embed-session"

    def get_signing_serializer(self, app: Flask):
        """Flask's serializer (the embed salt for embed requests), built once per app, key
        and kind of request instead of on every request."""
        embed = is_embed_request()
        key = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()), embed)
        serializers = app.extensions.setdefault("harzquiz.session_serializers", {})
        if key not in serializers:
            serializer = super().get_signing_serializer(app)
            # A different salt: a main-site cookie is not a valid embed token, nor the reverse.
            if serializer is not None and embed:
                serializer.salt = self.embed_salt.encode()
            serializers[key] = serializer
        return serializers[key]

    def get_cookie_name(self, app: Flask) -> str:
        return EMBED_COOKIE if is_embed_request() else super().get_cookie_name(app)

    def get_cookie_path(self, app: Flask) -> str:
        return EMBED_PREFIX if is_embed_request() else super().get_cookie_path(app)

    def get_cookie_secure(self, app: Flask) -> bool:
        return True if is_embed_request() else super().get_cookie_secure(app)

    def get_cookie_samesite(self, app: Flask) -> str | None:
        return "None" if is_embed_request() else super().get_cookie_samesite(app)

    def get_cookie_partitioned(self, app: Flask) -> bool:
        return True if is_embed_request() else super().get_cookie_partitioned(app)

    def open_session(self, app: Flask, request: Request) -> EmbedSession | None:
        """The cookie's session; for embeds without one, the token's (flagged if forged)."""
        if not is_embed_request() or request.cookies.get(EMBED_COOKIE):
            return self._open_cookie(app, request)
        token = request.args.get(EMBED_TOKEN_ARG)
        if not token:
            return self.session_class()
        serializer = token_serializer(app, partner_key_in(request.path))
        try:
            data = serializer.loads(token, max_age=app.config["EMBED_TOKEN_MAX_AGE"])
            return self.session_class(data)
        except BadSignature:
            forged = self.session_class()
            forged.tampered = True
            return forged

    def _open_cookie(self, app: Flask, request: Request) -> EmbedSession | None:
        """Flask's cookie session, remembering when the cookie was signed."""
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        verified = _verified_cookies(app)
        known = verified.get((app.secret_key, serializer.salt, value))
        if known is not None and 0 <= clock.wall_seconds() - known[1] <= max_age:
            opened = self.session_class(known[0])
            opened.signed_at = known[1]
            return opened
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        opened = self.session_class(data)
        opened.signed_at = int(signed_at.timestamp())
        if _flat(data):
            verified[(app.secret_key, serializer.salt, value)] = (dict(data), opened.signed_at)
        return opened

    def should_set_cookie(self, app: Flask, session) -> bool:
        """A changed session, or a permanent one whose cookie is older than
        SESSION_REFRESH_SECONDS (Flask would sign it anew on every request: a tenth of a
        returning player's page; the cookie's year then runs from the day's first visit)."""
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        age = clock.wall_seconds() - signed_at if signed_at is not None else None
        return age is None or age >= app.config["SESSION_REFRESH_SECONDS"]

    # Flask passes back the session open_session made: an EmbedSession.
    def save_session(self, app: Flask, session: EmbedSession, response) -> None:  # type: ignore[override]
        if g.get("session_not_saved"):
            return  # a shared response (e.g. the partner's theme.css): no cookie, no Vary
        if is_embed_request():
            if session.tampered:
                return  # a refused request stores nothing, not even a fresh cookie
            for key in ACCOUNT_KEYS:
                session.pop(key, None)
        elif not session.modified:
            # Flask's save_session for a main-site session that writes no cookie (a
            # returning reader's page, most requests): only the Vary, without working
            # out the seven cookie settings it would not use. `accessed` is read before
            # should_set_cookie, as Flask does (in some Flask versions, reading a
            # session's `permanent` marks it accessed).
            accessed = session.accessed
            if not (session and self.should_set_cookie(app, session)):
                if accessed:
                    add_vary(response, "Cookie")
                return
        super().save_session(app, session, response)


# Cookies whose signature was checked, per app: (key, salt, cookie) -> (contents, signed
# at).
# A returning reader sends the same cookie with every request until it changes; checking
# its signature, inflating and parsing it was a tenth of a small page. Only the exact bytes
# of a cookie that passed the check are remembered (the key holds its signature), and its
# age is checked on every use as itsdangerous would; only flat contents (no lists or dicts,
# which a request could change in place) are kept. Bounded: the oldest go first.
VERIFIED_COOKIES = 4096


def _verified_cookies(app: Flask) -> OrderedDict[tuple, tuple[dict, int]]:
    cache = app.extensions.get("harzquiz.verified_cookies")
    if cache is None:
        cache = app.extensions["harzquiz.verified_cookies"] = _BoundedDict(VERIFIED_COOKIES)
    return cache


class _BoundedDict(OrderedDict):
    """A dict that forgets its oldest entries beyond `size`."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        if len(self) > self.size:
            self.popitem(last=False)


def _flat(data: dict) -> bool:
    return all(isinstance(value, str | int | float | bool | None) for value in data.values())


def leave_session_unsaved() -> None:
    """This response is the same for every reader and may be cached publicly: whatever the
    request did to the session (e.g. a CSRF token made by the embed's preprocessor) is not
    written back, so the response carries no Set-Cookie (and no Vary: Cookie)."""
    g.session_not_saved = True


def current_token(app: Flask) -> str:
    """The embed session as it is now, signed: the `t` value for URLs and redirects.

    A page puts it into every link and form, so it is signed once per request for as long
    as the session stays the same (the memo is keyed by the session's contents).
    """
    clean = {key: value for key, value in session.items() if key not in ACCOUNT_KEYS}
    contents = repr(sorted(clean.items()))
    memo = g.get("embed_token")
    if memo is None or memo[0] != contents:
        signed = token_serializer(app, partner_key_in(request.path)).dumps(clean)
        memo = (contents, signed)
        g.embed_token = memo
    return memo[1]
