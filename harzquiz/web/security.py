"""Security headers sent with every response."""

from __future__ import annotations

from flask import Response, current_app, g

CSP_BASE = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


def content_security_policy(frame_ancestors: str) -> str:
    """The CSP: no inline script or style; framing as the view allows ('self' by default)."""
    return "; ".join([*CSP_BASE, f"frame-ancestors {frame_ancestors}"])


# The headers every response gets unless its view set them, per frame-ancestors value:
# built once (they were eight scans of the header list per response).
_LEGACY_FRAMING = {"'none'": "DENY", "'self'": "SAMEORIGIN"}
_defaults_by_framing: dict[str, tuple[tuple[str, str], ...]] = {}


def _defaults(frame_ancestors: str) -> tuple[tuple[str, str], ...]:
    defaults = _defaults_by_framing.get(frame_ancestors)
    if defaults is None:
        pairs = [
            ("Content-Security-Policy", content_security_policy(frame_ancestors)),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ]
        # X-Frame-Options cannot name other sites: partner embeds (frame-ancestors with their
        # origins) rely on the CSP alone, which browsers prefer over X-Frame-Options anyway.
        legacy = _LEGACY_FRAMING.get(frame_ancestors)
        if legacy:
            pairs.append(("X-Frame-Options", legacy))
        pairs.append(("Cross-Origin-Opener-Policy", "same-origin"))
        pairs.append(("Permissions-Policy", "camera=(), microphone=(), geolocation=()"))
        defaults = _defaults_by_framing[frame_ancestors] = tuple(pairs)
    return defaults


def apply_security_headers(response: Response) -> Response:
    """CSP without inline script, no framing by others, nosniff, referrer policy."""
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    # Login and editor views set g.frame_ancestors = "'none'": never framed, not even by us.
    for name, value in _defaults(g.get("frame_ancestors", "'self'")):
        if name.lower() not in present:
            headers.add(name, value)
    if response.mimetype == "text/html" and "cache-control" not in present:
        # Pages are per reader (CSRF token, own rank, a solver's solution): never in a shared
        # cache, whatever it makes of Vary: Cookie.
        headers.add("Cache-Control", "private, no-cache")
    if current_app.config["SESSION_COOKIE_SECURE"] and "strict-transport-security" not in present:
        headers.add("Strict-Transport-Security", "max-age=31536000")
    return response
