"""Partner sites: their exact allowed origins, their embed keys, lookups by key."""

from __future__ import annotations

import re
import secrets

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Partner, Player
from harzquiz.services import audit

# scheme://host[:port], lower case, nothing else: what a browser sends as an origin and
# what CSP frame-ancestors compares against. No paths, wildcards, users or queries.
ORIGIN_PATTERN = re.compile(
    r"^https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
    r"|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?$"
)
ACCENT_PATTERN = re.compile(r"^#[0-9a-f]{6}$")
SCHEMES = ("light", "dark")
KEY_BYTES = 24  # secrets.token_urlsafe(24): 32 characters


def normalise_origin(text: str) -> str | None:
    """The origin in canonical form (lower case, no trailing slash), or None if not exact."""
    origin = text.strip().lower().removesuffix("/")
    match = ORIGIN_PATTERN.match(origin)
    if match is None:
        return None
    port = match.group("port")
    if port is not None and not 0 < int(port) <= 65535:
        return None
    return origin


def new_embed_key() -> str:
    """A fresh, unguessable embed key for a partner's snippet."""
    return secrets.token_urlsafe(KEY_BYTES)


def partner_by_key(key: str) -> Partner | None:
    """The partner whose snippet carries `key` (enabled or not), or None."""
    if not key or len(key) > 64:
        return None
    return db.session.scalar(sa.select(Partner).where(Partner.embed_key == key))


def partner_list() -> sa.Select:
    """Every partner, by name (the desk list, to paginate)."""
    return sa.select(Partner).order_by(Partner.name, Partner.id)


def name_taken(name: str, except_id: int | None = None) -> bool:
    """Whether another partner already has this name."""
    query = sa.select(Partner.id).where(Partner.name == name)
    if except_id is not None:
        query = query.where(Partner.id != except_id)
    return db.session.scalar(query.limit(1)) is not None


def save_partner(partner: Partner | None, actor: Player | None = None, **fields) -> Partner:
    """Create a partner (with a new key) or update one, audited; fields are validated.

    Switching the embed on or off is its own entry ("enabled"/"disabled"); the other
    changed fields are one "changed" entry."""
    created = partner is None
    if partner is None:
        partner = Partner(embed_key=new_embed_key())
        db.session.add(partner)
    changed = [name for name, value in fields.items() if getattr(partner, name) != value]
    for name, value in fields.items():
        setattr(partner, name, value)
    if created:
        audit.record(actor, "created", partner, ", ".join(changed))
    else:
        if "enabled" in changed:
            audit.record(actor, "enabled" if partner.enabled else "disabled", partner)
        rest = [name for name in changed if name != "enabled"]
        if rest:
            audit.record(actor, "changed", partner, ", ".join(rest))
    db.session.commit()
    return partner


def regenerate_key(partner: Partner, actor: Player | None = None) -> str:
    """Give the partner a new embed key: snippets with the old one stop working at once."""
    partner.embed_key = new_embed_key()
    audit.record(actor, "new_key", partner)
    db.session.commit()
    return partner.embed_key


DEFAULT_ACCENT = "#2f6b3a"


def _luminance(accent: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(accent[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ink_on(accent: str) -> str:
    """Black or white, whichever reads better on `accent` (at least 4.5:1 either way)."""
    luminance = _luminance(accent)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / 0.05
    return "#ffffff" if on_white >= on_black else "#000000"


def theme_accent(partner: Partner) -> str:
    """The partner's accent if it is a valid #rrggbb (it goes into CSS), else ours."""
    accent = (partner.accent or "").lower()
    return accent if ACCENT_PATTERN.match(accent) else DEFAULT_ACCENT


# Every background a link can sit on in an embed (static/css/embed.css: --bg, --card,
# --tint, --ok, --near, --bad, --err), light and dark.
LIGHT_BACKGROUND = ("#ffffff", "#f1efe9", "#e3f1e7", "#fdf3d8", "#fbe9e7", "#eef1f5")
DARK_BACKGROUND = ("#17191b", "#202326", "#2a2e31", "#1d3a27", "#3d3214", "#45201c", "#2a3038")
LINK_CONTRAST = 4.5  # WCAG AA for text; focus rings need only 3:1


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _mix(colour: str, toward: str, share: float) -> str:
    """`colour` moved `share` (0..1) of the way toward `toward`, as #rrggbb."""
    channels = [
        round(int(colour[i : i + 2], 16) * (1 - share) + int(toward[i : i + 2], 16) * share)
        for i in (1, 3, 5)
    ]
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def link_colour(accent: str, backgrounds: tuple[str, ...]) -> str:
    """The accent as a link and focus colour on these backgrounds: the accent itself when
    it reads well enough (4.5:1 on each), else the accent darkened (light pages) or
    lightened (dark pages) just enough, so a partner's red stays red and passes WCAG AA."""
    toward = "#000000" if backgrounds == LIGHT_BACKGROUND else "#ffffff"
    for step in range(21):
        candidate = _mix(accent, toward, step / 20)
        if min(contrast(candidate, bg) for bg in backgrounds) >= LINK_CONTRAST:
            return candidate
    return toward
