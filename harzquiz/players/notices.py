"""What the site tells a player once on their next page: an editor renamed them, and why."""

from __future__ import annotations

from sqlalchemy.exc import SQLAlchemyError

from harzquiz.extensions import db
from harzquiz.players.current import current_player
from harzquiz.services.moderation import take_rename_notice


def rename_notice() -> str | None:
    """The renaming reason for the current player, once (templates/base.html shows it).

    Error pages use the same layout: when the database is what failed, there is no notice."""
    try:
        return take_rename_notice(current_player())
    except SQLAlchemyError:
        db.session.rollback()
        return None
