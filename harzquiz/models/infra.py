"""Infrastructure tables: the shared cache version stamps and the audit log."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow


class AuditEntry(Model):
    """Who created, changed, published or closed which riddle or article, and when.

    Written in the same transaction as the change it records; the actor's nickname is
    copied so the log still reads right after an account is renamed or deleted.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("player.id", ondelete="SET NULL"), index=True
    )
    actor_name: Mapped[str] = mapped_column(sa.String(48))
    action: Mapped[str] = mapped_column(sa.String(20))  # created|changed|published|closed|...
    target_type: Mapped[str] = mapped_column(sa.String(20))  # riddle | article
    target_id: Mapped[int | None]
    target_label: Mapped[str] = mapped_column(sa.String(200))
    detail: Mapped[str] = mapped_column(sa.String(500), default="")


class CacheVersion(Model):
    """A shared version stamp per cached thing (harzquiz.caching.stamps), replaced by each write.

    A random token rather than a counter: a database rebuilt from scratch (tests, a restore)
    can never repeat a stamp a running process still holds.
    """

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32))


def new_cache_token() -> str:
    """A fresh, never repeated version stamp."""
    return secrets.token_hex(12)


CACHE_NAMES = ("points", "content")  # harzquiz.caching.stamps.POINTS and CONTENT


@sa.event.listens_for(CacheVersion.__table__, "after_create")
def _create_stamps(table, connection, **_kw) -> None:
    """The stamps exist from the start, so bumping one is a plain UPDATE (no insert race)."""
    connection.execute(
        table.insert(), [{"name": name, "token": new_cache_token()} for name in CACHE_NAMES]
    )
