"""Players (guests and accounts) and what they did: guesses, solves, reveals, hints."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow
from harzquiz.models.riddles import Hint
from harzquiz.rules.nicknames import SKELETON_KEY_MAX, skeleton_key


def nickname_key(nickname: str) -> str:
    """The form two nicknames are compared in: "JÜRGEN" and "jürgen" are the same name."""
    return nickname.casefold()


class Role(StrEnum):
    """What a player may do: play (reader), run the editor desk (editor), see the audit log."""

    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"


# Which roles include which: an admin may do everything an editor may.
ROLE_RANK = {Role.READER: 0, Role.EDITOR: 1, Role.ADMIN: 2}


class Player(Model):
    """Someone who plays: a guest held in the session, or an account (email + password).

    A guest who registers keeps their row, so nothing they played moves; `email` set is
    what makes a row an account.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    nickname: Mapped[str] = mapped_column(sa.String(24))
    # Unique here, not on `nickname`: the database's lower() differs (SQLite: ASCII only).
    nickname_key: Mapped[str] = mapped_column(sa.String(48), unique=True)
    # The name's Unicode skeleton (harzquiz.rules.nicknames.skeleton_key), unique too: two
    # names that only look alike ("Anna", "Аnna" with a Cyrillic А) cannot both exist, even
    # when registered at the same moment. NULL only for rows from before the column whose
    # skeleton an older row already had.
    nickname_skeleton: Mapped[str | None] = mapped_column(sa.String(SKELETON_KEY_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Stored normalised (harzquiz.services.accounts.normalise_email); NULL for guests.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(10), default=Role.READER, server_default="reader")
    # Flask-Login's session id for this account; a new one (on a password change) ends
    # every other session and remember-me cookie.
    login_id: Mapped[str | None] = mapped_column(sa.String(64))
    # A guest's cookie holds its id *and* this random secret; the id alone proves nothing
    # (a cookie outliving its row must not become whoever gets a row next). NULL for
    # accounts, and for guests from before the column existed (claimed on their next visit).
    guest_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # When the account proved it receives mail at `email` (the confirmation link, a used
    # reset link, or an email change's link); NULL until then. Accounts made with
    # `flask create-user` count as confirmed from the start.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Moderation (harzquiz.services.fairplay): hidden from the boards, banned from scoring
    # (not listed, later points 0), and an editor's renaming reason the player sees once.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    banned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rename_notice: Mapped[str | None] = mapped_column(sa.String(200))

    __table_args__ = (
        sa.UniqueConstraint("email", name="uq_player_email"),
        sa.UniqueConstraint("login_id", name="uq_player_login_id"),
        # An index, not a constraint: adding it needs no table rebuild on SQLite.
        sa.Index("uq_player_nickname_skeleton", "nickname_skeleton", unique=True),
        sa.CheckConstraint("role in ('reader', 'editor', 'admin')", name="ck_player_role"),
        # Cookies hold player ids: SQLite must never hand a deleted (merged) id out again.
        {"sqlite_autoincrement": True},
    )

    @validates("nickname")
    def _keep_key(self, _name: str, value: str) -> str:
        self.nickname_key = nickname_key(value)
        self.nickname_skeleton = skeleton_key(value)[:SKELETON_KEY_MAX]
        return value

    # Flask-Login's user interface (only accounts are ever logged in).
    @property
    def is_account(self) -> bool:
        """Whether this player has registered (guests have no email)."""
        return self.email is not None

    @property
    def is_confirmed(self) -> bool:
        """Whether the account's email address is confirmed (double opt-in)."""
        return self.is_account and self.email_confirmed_at is not None

    is_active = True
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return self.is_account

    def get_id(self) -> str | None:
        return self.login_id

    def has_role(self, role: Role) -> bool:
        """Whether this account's role includes `role` (guests are readers)."""
        own = Role(self.role) if self.is_account else Role.READER
        return ROLE_RANK[own] >= ROLE_RANK[role]


class Guess(Model):
    """One submitted guess and the verdict it got."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    riddle_id: Mapped[int] = mapped_column(sa.ForeignKey("riddle.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.String(200))
    verdict: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_guess_riddle_player", "riddle_id", "player_id"),)


class Solve(Model):
    """A player's solve of a riddle; the database allows only one per player and riddle."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    riddle_id: Mapped[int] = mapped_column(sa.ForeignKey("riddle.id", ondelete="CASCADE"))
    points: Mapped[int]
    solved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("player_id", "riddle_id", name="uq_solve_player_riddle"),
        sa.Index("ix_solve_solved_at_player", "solved_at", "player_id", "points"),
        sa.Index("ix_solve_player_points", "player_id", "points", "solved_at"),
        sa.Index("ix_solve_riddle", "riddle_id"),
    )


class Reveal(Model):
    """A player pressed "Lösung anzeigen" before the riddle closed (their own give-up)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    riddle_id: Mapped[int] = mapped_column(sa.ForeignKey("riddle.id", ondelete="CASCADE"))
    revealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("player_id", "riddle_id", name="uq_reveal_player_riddle"),
    )


class HintUnlock(Model):
    """A hint a player unlocked; its cost comes off that riddle's points."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    hint_id: Mapped[int] = mapped_column(sa.ForeignKey("hint.id", ondelete="CASCADE"))
    unlocked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    hint: Mapped[Hint] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("player_id", "hint_id", name="uq_hintunlock_player_hint"),
    )
