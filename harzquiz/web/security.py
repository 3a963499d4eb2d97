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


def apply_security_headers(response: Response) -> Response:
    """CSP without inline script, no framing by others, nosniff, referrer policy."""
    headers = response.headers
    # Login and editor views set g.frame_ancestors = "'none'": never framed, not even by us.
    frame_ancestors = g.get("frame_ancestors", "'self'")
    headers.setdefault("Content-Security-Policy", content_security_policy(frame_ancestors))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    # X-Frame-Options cannot name other sites: partner embeds (frame-ancestors with their
    # origins) rely on the CSP alone, which browsers prefer over X-Frame-Options anyway.
    legacy = {"'none'": "DENY", "'self'": "SAMEORIGIN"}.get(frame_ancestors)
    if legacy:
        headers.setdefault("X-Frame-Options", legacy)
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if response.mimetype == "text/html":
        # Pages are per reader (CSRF token, own rank, a solver's solution): never in a shared
        # cache, whatever it makes of Vary: Cookie.
        headers.setdefault("Cache-Control", "private, no-cache")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response
