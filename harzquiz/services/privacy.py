"""Privacy self-service (DSGVO Art. 15, 17, 20): a player's data export, account deletion,
and the retention purge of inactive guests.

All three walk the schema (`db.metadata`) for every foreign key to `player.id` rather than
naming tables, so a table added later is exported and deleted without anyone remembering
to add it here. Rows whose key to the player is `ON DELETE SET NULL` (the audit log) are
the only ones kept on deletion: they lose the link and the copied name instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import (
    AuditEntry,
    Guess,
    Hint,
    HintUnlock,
    Player,
    PlayerTotal,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    Reveal,
    Riddle,
    Role,
    Solve,
)

EXPORT_FORMAT = "harzquiz-player-export"
EXPORT_VERSION = 1
# What an audit entry says in place of the name of an account that was deleted.
DELETED_ACTOR = "gelöschtes Konto"
# Credentials: stored, but never written into a file that may end up anywhere.
CREDENTIAL_COLUMNS = frozenset({"password_hash", "login_id", "guest_secret"})
# Friendlier section names for the tables known today; a future table keeps its own name.
SECTIONS = {
    Guess.__table__.name: "guesses",
    Solve.__table__.name: "solves",
    Reveal.__table__.name: "reveals",
    HintUnlock.__table__.name: "hint_unlocks",
    QuizAttempt.__table__.name: "quiz_rounds",
    QuizAnswer.__table__.name: "quiz_answers",
    AuditEntry.__table__.name: "audit_entries_as_actor",
    PlayerTotal.__table__.name: "point_totals",
}
# Activity times per table, for "inactive since" (the purge). A future table with a
# player_id and none of these columns counts by its player's created_at only.
ACTIVITY_COLUMNS = (
    "created_at",
    "solved_at",
    "revealed_at",
    "unlocked_at",
    "started_at",
    "answered_at",
)
PURGE_BATCH = 500


# --- the schema walk -----------------------------------------------------------------------


@dataclass(frozen=True)
class PlayerLink:
    """One column of one table that points at `player.id`."""

    table: sa.Table
    column: sa.Column
    keeps_row: bool  # ON DELETE SET NULL: the row stays, the link goes


def player_links() -> list[PlayerLink]:
    """Every foreign key to player.id in the schema, children before parents (a quiz answer
    before its round), so deleting in this order never trips another foreign key."""
    player_table = Player.__table__
    links = []
    for table in reversed(db.metadata.sorted_tables):
        for key in table.foreign_keys:
            if key.column.table is player_table:
                keeps = (key.ondelete or "").upper() == "SET NULL"
                links.append(PlayerLink(table, key.parent, keeps))
    return links


# --- the export (Art. 15 and 20) ---------------------------------------------------------


def _plain(value: Any) -> Any:
    """A column value as JSON: times in ISO 8601 UTC, dates as ISO dates."""
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _row(mapping) -> dict[str, Any]:
    return {key: _plain(value) for key, value in mapping.items()}


def _labels() -> dict[str, dict[int, dict[str, Any]]]:
    """What the ids in the rows stand for (riddle slug and title, hint position, quiz)."""
    riddles = {
        row.id: {"riddle_slug": row.slug, "riddle_title": row.title}
        for row in db.session.execute(sa.select(Riddle.id, Riddle.slug, Riddle.title))
    }
    hints = {
        row.id: {"hint_position": row.position, **riddles.get(row.riddle_id, {})}
        for row in db.session.execute(sa.select(Hint.id, Hint.position, Hint.riddle_id))
    }
    quizzes = {
        row.id: {"quiz_slug": row.slug, "quiz_title": row.title}
        for row in db.session.execute(sa.select(Quiz.id, Quiz.slug, Quiz.title))
    }
    return {"riddle_id": riddles, "hint_id": hints, "quiz_id": quizzes}


def _with_labels(row: dict[str, Any], labels: dict[str, dict[int, dict[str, Any]]]) -> dict:
    for column, names in labels.items():
        if column in row and row[column] in names:
            row = {**row, **names[row[column]]}
    return row


def _account(player: Player) -> dict[str, Any]:
    """The player's own row, credentials left out (their presence is said instead)."""
    values = (
        db.session.execute(sa.select(Player.__table__).where(Player.__table__.c.id == player.id))
        .mappings()
        .one()
    )
    account = {key: _plain(value) for key, value in values.items() if key not in CREDENTIAL_COLUMNS}
    account["is_account"] = player.email is not None
    account["password_set"] = bool(values.get("password_hash"))
    return account


def export_player(player: Player, now: datetime) -> dict[str, Any]:
    """Everything stored about `player`, as one JSON-ready document."""
    labels = _labels()
    document: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _plain(now),
        "account": _account(player),
    }
    for link in player_links():
        order = [column for column in link.table.primary_key.columns]
        rows = db.session.execute(
            sa.select(link.table).where(link.column == player.id).order_by(*order)
        ).mappings()
        section = SECTIONS.get(link.table.name, link.table.name)
        document[section] = [_with_labels(_row(row), labels) for row in rows]
    document["embed_activity"] = []
    document["consents"] = []
    document["notification_settings"] = {}
    document["notes"] = EXPORT_NOTES
    return document


EXPORT_NOTES = {
    "times": "All times are ISO 8601 in UTC (the trailing Z).",
    "account": (
        "Your player row. A guest has no email. The password is stored only as a one-way "
        "hash; it and the login and guest cookie secrets are credentials and are not "
        "written into this file (password_set says whether there is a password)."
    ),
    "guesses": "Every guess you typed, with the verdict it got.",
    "solves": "Riddles you solved, with the points they earned.",
    "reveals": "Riddles whose solution you chose to see before they closed (no points).",
    "hint_unlocks": "Hints you unlocked (their cost comes off that riddle's points).",
    "quiz_rounds": "Each run through a quiz; round 1 counts for points.",
    "quiz_answers": "Your answer to each quiz question, as given, with its points.",
    "point_totals": (
        "Your points per leaderboard period (all time, each week, each month), summed from "
        "the solves and quiz answers above."
    ),
    "audit_entries_as_actor": (
        "Entries of the editors' audit log where you made the change (editors and admins only)."
    ),
    "embed_activity": (
        "Playing inside a partner site's embed is stored like playing here (in the "
        "sections above). Which partner site you played on is not stored per player: the "
        "embed statistics are counters per partner and day, without any player."
    ),
    "consents": "None are stored yet: the site asks for no consent. Empty on purpose.",
    "notification_settings": "None are stored yet: the site sends no notifications.",
    "not_stored": (
        "Rate limiting counts requests per IP address for a few minutes, outside the "
        "database and not tied to your player (see the Datenschutz page)."
    ),
}


# --- deletion (Art. 17) ---------------------------------------------------------------------


def is_last_admin(player: Player, lock: bool = False) -> bool:
    """Whether `player` is an admin and no other admin account exists.

    With `lock`, the other admins' rows are locked (PostgreSQL) until commit, so two admins
    deleting themselves at once cannot both see the other and leave none; SQLite
    serialises the two writing transactions anyway."""
    if player.role != Role.ADMIN or player.email is None:
        return False
    query = sa.select(Player.id).where(
        Player.role == Role.ADMIN, Player.email.is_not(None), Player.id != player.id
    )
    if lock and db.engine.dialect.name == "postgresql":
        query = query.with_for_update()
    return db.session.scalar(query.limit(1)) is None


def _forget(player_ids: list[int]) -> None:
    """Delete every row tied to these players, then the players; audit rows they wrote
    lose the link and the name. Bulk statements through the session, so the stamp
    listener moves POINTS (boards drop the players on the next request)."""
    for link in player_links():
        if link.keeps_row:
            values: dict[str, Any] = {link.column.name: None}
            if link.table is AuditEntry.__table__:
                values["actor_name"] = DELETED_ACTOR
            db.session.execute(
                sa.update(link.table).where(link.column.in_(player_ids)).values(**values)
            )
        else:
            db.session.execute(sa.delete(link.table).where(link.column.in_(player_ids)))
    db.session.execute(sa.delete(Player).where(Player.id.in_(player_ids)))


def delete_player(player: Player) -> str | None:
    """Delete a player with everything tied to them; None when done, or why not
    ("last-admin"). An account's deletion is audited as "account deleted", nothing more."""
    if is_last_admin(player, lock=True):
        db.session.rollback()
        return "last-admin"
    was_account = player.email is not None
    player_id = player.id
    db.session.expunge(player)
    _forget([player_id])
    if was_account:
        db.session.add(
            AuditEntry(
                actor_id=None,
                actor_name=DELETED_ACTOR,
                action="deleted",
                target_type="account",
                target_id=None,
                target_label="",
                detail="",
            )
        )
    db.session.commit()
    return None


# --- retention: inactive guests ------------------------------------------------------------


def _last_activity_checks(cutoff: datetime) -> Iterator[sa.ColumnElement[bool]]:
    """For each player-linked table: "this player did something there since `cutoff`"."""
    for link in player_links():
        if link.keeps_row:
            continue
        for name in ACTIVITY_COLUMNS:
            if name in link.table.c:
                yield sa.exists().where(link.column == Player.id, link.table.c[name] >= cutoff)


def inactive_guests(now: datetime, inactive_days: int) -> sa.Select:
    """Ids of guests (no email) whose latest activity, and creation, is older than
    `inactive_days`: created before the cutoff, and no guess, solve, reveal, hint unlock,
    quiz round or answer since."""
    cutoff = now - timedelta(days=inactive_days)
    recent = list(_last_activity_checks(cutoff))
    return (
        sa.select(Player.id)
        .where(Player.email.is_(None), Player.created_at < cutoff, *(~check for check in recent))
        .order_by(Player.id)
    )


def purge_guests(now: datetime, inactive_days: int, dry_run: bool = False) -> int:
    """Delete the guests inactive for `inactive_days` with everything tied to them; how
    many (with `dry_run`, how many would go, and nothing changes)."""
    ids = list(db.session.scalars(inactive_guests(now, inactive_days)))
    if dry_run:
        db.session.rollback()
        return len(ids)
    purged = 0
    for start in range(0, len(ids), PURGE_BATCH):
        # Asked again per batch: a guest who played since the first look stays.
        batch = inactive_guests(now, inactive_days).where(
            Player.id.in_(ids[start : start + PURGE_BATCH])
        )
        still = list(db.session.scalars(batch))
        if still:
            _forget(still)
        db.session.commit()
        purged += len(still)
    return purged
