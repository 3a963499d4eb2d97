"""The fair-play evidence of a request: a keyed hash of the client address and a device id.

- **Address:** `request.remote_addr`, which behind the proxy is the client's own address
  because ProxyFix (HARZQUIZ_PROXY_HOPS) takes it from the trusted proxies' X-Forwarded-For,
  the same address the rate limits count. Only an HMAC of it, keyed with a key derived from
  SECRET_KEY, is ever stored (harzquiz.services.fairplay keeps it 24 hours unless a flag
  needs it): without the key nobody can test the 2^32 IPv4 addresses against it.
- **Device:** a long-lived random id in its own signed cookie (`harzquiz_device`), set when
  a player reveals a solution, so it survives logging in and out in the same browser. A
  forged or missing cookie is simply no device.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Response, after_this_request, current_app, g, request
from itsdangerous import BadSignature, URLSafeSerializer

from harzquiz.rules.fairplay import Evidence

DEVICE_COOKIE = "harzquiz_device"
DEVICE_COOKIE_SECONDS = 60 * 60 * 24 * 400  # browsers cap cookies at 400 days


def _key(purpose: str) -> bytes:
    secret = str(current_app.config["SECRET_KEY"])
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).digest()


def address_hash(address: str | None) -> str | None:
    """The keyed hash stored instead of a client address (None: no address known)."""
    if not address:
        return None
    known = _known("harzquiz.known_addresses")
    if address in known:
        return known[address]
    hashed = hmac.new(_key("fairplay-address"), address.encode(), hashlib.sha256).hexdigest()[:40]
    if len(known) >= KNOWN_MAX:
        known.clear()  # crude but bounded
    known[address] = hashed
    return hashed


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="harzquiz-device")


def device_id() -> str | None:
    """The device id of this browser's signed cookie, or None (no cookie, or a forged one)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    # Checking the signature cost a twentieth of a quiz answer (every answer is a reveal):
    # a cookie checked once is known per process (the same key gives the same result).
    known = _known("harzquiz.known_devices")
    if raw in known:
        return known[raw]
    try:
        value = _signer().loads(raw)
    except BadSignature:
        value = None
    found = value if isinstance(value, str) and 0 < len(value) <= 64 else None
    if len(raw) <= 200:  # a real one is about 80 characters; no room for junk
        if len(known) >= KNOWN_MAX:
            known.clear()  # crude but bounded
        known[raw] = found
    return found


KNOWN_MAX = 20_000


def _known(name: str) -> dict[str, str | None]:
    """Addresses hashed or device cookies checked by this app (per app: the key is its
    SECRET_KEY)."""
    return current_app.extensions.setdefault(name, {})


def request_evidence() -> Evidence:
    """Where this request comes from (harzquiz.rules.fairplay.Evidence)."""
    return Evidence(address_hash(request.remote_addr), device_id())


def reveal_evidence() -> Evidence:
    """The evidence of a reveal: like `request_evidence`, and the browser gets a device id
    now if it has none, so a later solve from it is recognised."""
    evidence = request_evidence()
    if evidence.device_id is not None:
        return evidence
    new_id = g.get("new_device_id") or secrets.token_urlsafe(24)
    if "new_device_id" not in g:
        g.new_device_id = new_id

        @after_this_request
        def set_device_cookie(response: Response) -> Response:
            response.set_cookie(
                DEVICE_COOKIE,
                _signer().dumps(new_id),
                max_age=DEVICE_COOKIE_SECONDS,
                httponly=True,
                secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
                samesite="Lax",
            )
            return response

    return Evidence(evidence.address_hash, new_id)
