"""The editors' audit log: one entry per change, added to the change's own transaction."""

from __future__ import annotations

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Article, AuditEntry, Player, Riddle


def record(actor: Player | None, action: str, target: Riddle | Article, detail: str = "") -> None:
    """Add an audit entry for `target`; the caller's commit writes it with the change."""
    db.session.flush()  # a new target needs its id
    db.session.add(
        AuditEntry(
            actor_id=actor.id if actor is not None else None,
            actor_name=actor.nickname if actor is not None else "CLI",
            action=action,
            target_type="riddle" if isinstance(target, Riddle) else "article",
            target_id=target.id,
            target_label=target.title[:200],
            detail=detail[:500],
        )
    )


def record_player(actor: Player | None, action: str, player: Player, detail: str = "") -> None:
    """Add an audit entry for a moderation action on `player` (harzquiz.services.moderation)."""
    db.session.add(
        AuditEntry(
            actor_id=actor.id if actor is not None else None,
            actor_name=actor.nickname if actor is not None else "CLI",
            action=action[:20],
            target_type="player",
            target_id=player.id,
            target_label=player.nickname[:200],
            detail=detail[:500],
        )
    )


def latest() -> sa.Select:
    """The audit log, newest entries first (to paginate)."""
    return sa.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
