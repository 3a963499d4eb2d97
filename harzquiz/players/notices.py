"""What the site tells a player once on their next page: an editor renamed them, and why."""

from __future__ import annotations

from flask import g
from sqlalchemy.exc import SQLAlchemyError

from harzquiz.extensions import db
from harzquiz.players.current import current_player
from harzquiz.services.moderation import take_rename_notice


def rename_notice() -> str | None:
    """The renaming reason for the current player, once (templates/_notices.html shows it;
    asked twice in one request, it answers the same).

    Error pages use the same layout: when the database is what failed, there is no notice."""
    if "rename_notice" not in g:
        try:
            g.rename_notice = take_rename_notice(current_player())
        except SQLAlchemyError:
            db.session.rollback()
            g.rename_notice = None
    return g.rename_notice
