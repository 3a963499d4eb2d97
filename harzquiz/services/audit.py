"""The editors' audit log: one entry per change, added to the change's own transaction.

What an entry's `detail` holds, so the desk can show it readably (harzquiz/desk/audit_view.py):
- created / changed / imported: the names of the fields that changed, comma-separated
  (``"title, hints"``), the model's own attribute names;
- published / closed: the UTC time in ISO form;
- anything else: plain text (a spelling taken over, a moderation note).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Player
from harzquiz.rules.berlin import BERLIN

# target_type per model class name; a model not named here is logged under its table name.
TARGET_TYPES = {
    "Riddle": "riddle",
    "Article": "article",
    "Quiz": "quiz",
    "Partner": "partner",
    "Player": "account",
    "Crossword": "crossword",
}


def target_type(target: object) -> str:
    """What kind of thing an entry is about (riddle, article, quiz, partner, …)."""
    name = type(target).__name__
    return TARGET_TYPES.get(name) or str(getattr(target, "__tablename__", name.lower()))


def target_label(target: object) -> str:
    """The name an entry shows for its target: a title, a name or a nickname."""
    for attribute in ("title", "name", "nickname", "slug"):
        value = getattr(target, attribute, None)
        if isinstance(value, str) and value:
            return value
    return ""


def record(actor: Player | None, action: str, target: object, detail: str = "") -> AuditEntry:
    """Add an audit entry for `target`; the caller's commit writes it with the change.

    `actor` None means the command line (an import, a script)."""
    db.session.flush()  # a new target needs its id
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_name=actor.nickname if actor is not None else "CLI",
        action=action[:20],
        target_type=target_type(target)[:20],
        target_id=getattr(target, "id", None),
        target_label=target_label(target)[:200],
        detail=detail[:500],
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class Filter:
    """What the log is narrowed to: who (actor name), what (kind of target, action), when
    (Berlin days, both included). Empty fields narrow nothing."""

    who: str = ""
    target: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None


def _berlin_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=BERLIN)


def latest(narrow: Filter | None = None) -> sa.Select:
    """The audit log, newest entries first (to paginate), narrowed by `narrow`."""
    query = sa.select(AuditEntry)
    if narrow is not None:
        if narrow.who:
            query = query.where(AuditEntry.actor_name == narrow.who)
        if narrow.target:
            query = query.where(AuditEntry.target_type == narrow.target)
        if narrow.action:
            query = query.where(AuditEntry.action == narrow.action)
        if narrow.since is not None:
            query = query.where(AuditEntry.created_at >= _berlin_midnight(narrow.since))
        if narrow.until is not None:
            end = _berlin_midnight(narrow.until + timedelta(days=1))
            query = query.where(AuditEntry.created_at < end)
    return query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())


def choices() -> dict[str, list[str]]:
    """The values the filters can take, as they occur in the log (who, target, action)."""
    return {
        name: list(
            db.session.scalars(sa.select(column).distinct().order_by(column).limit(200)).all()
        )
        for name, column in (
            ("who", AuditEntry.actor_name),
            ("target", AuditEntry.target_type),
            ("action", AuditEntry.action),
        )
    }
