"""SQLAlchemy models: riddles, articles, players and what players did."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from . import clock
from .extensions import db
from .game.answers import AnswerKey, NearMiss
from .game.scoring import DEFAULT_RIDDLE_POINTS


def utcnow() -> datetime:
    """The app's clock (frozen in tests), timezone-aware in UTC (all stored times are UTC)."""
    return clock.now()


class UTCDateTime(sa.types.TypeDecorator):
    """A DateTime stored naive in UTC and always read back timezone-aware.

    SQLite has no time zones; normalising here keeps every comparison aware.
    """

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


class Riddle(db.Model):
    """A weekly riddle: draft -> scheduled (publish_at) -> live -> closed (closes_at)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(120))
    question: Mapped[str] = mapped_column(sa.Text)
    solution: Mapped[str] = mapped_column(sa.String(200))
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    alternatives: Mapped[list] = mapped_column(sa.JSON, default=list)
    near_misses: Mapped[list] = mapped_column(sa.JSON, default=list)  # [{"phrase", "nudge"}]
    points: Mapped[int] = mapped_column(default=DEFAULT_RIDDLE_POINTS)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Optimistic locking: every UPDATE checks and bumps it, so two editors saving the same
    # riddle cannot overwrite each other (the second gets StaleDataError).
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    hints: Mapped[list[Hint]] = relationship(
        back_populates="riddle", order_by="Hint.position", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.CheckConstraint("points > 0", name="ck_riddle_points_positive"),)
    __mapper_args__ = {"version_id_col": version}

    def answer_key(self) -> AnswerKey:
        """The matcher's view of this riddle's answers."""
        return AnswerKey(
            solution=self.solution,
            alternatives=tuple(self.alternatives or ()),
            near_misses=tuple(
                NearMiss(phrase=item["phrase"], nudge=item["nudge"])
                for item in (self.near_misses or ())
            ),
        )


class Hint(db.Model):
    """One hint of a riddle; unlocking it costs `cost` points."""

    id: Mapped[int] = mapped_column(primary_key=True)
    riddle_id: Mapped[int] = mapped_column(sa.ForeignKey("riddle.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.String(500))
    cost: Mapped[int] = mapped_column(default=10)

    riddle: Mapped[Riddle] = relationship(back_populates="hints")

    __table_args__ = (
        sa.UniqueConstraint("riddle_id", "position"),
        sa.CheckConstraint("cost >= 0", name="ck_hint_cost_not_negative"),
    )


class Article(db.Model):
    """A regional news article, optionally carrying a riddle beside it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    kicker: Mapped[str] = mapped_column(sa.String(80), default="")
    title: Mapped[str] = mapped_column(sa.String(200))
    teaser: Mapped[str] = mapped_column(sa.String(500), default="")
    body_markdown: Mapped[str] = mapped_column(sa.Text)
    author_name: Mapped[str] = mapped_column(sa.String(120), default="")
    author_bio: Mapped[str] = mapped_column(sa.String(1000), default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    sources_count: Mapped[int] = mapped_column(default=0)
    social_comments_count: Mapped[int] = mapped_column(default=0)
    forum_posts_count: Mapped[int] = mapped_column(default=0)
    riddle_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("riddle.id", ondelete="SET NULL"), index=True
    )

    riddle: Mapped[Riddle | None] = relationship()


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


class Player(db.Model):
    """Someone who plays: a guest held in the session, or an account (email + password).

    A guest who registers keeps their row, so nothing they played moves; `email` set is
    what makes a row an account.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    nickname: Mapped[str] = mapped_column(sa.String(24))
    # Unique here, not on `nickname`: the database's lower() differs (SQLite: ASCII only).
    nickname_key: Mapped[str] = mapped_column(sa.String(48), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Stored normalised (harzquiz.game.accounts.normalise_email); NULL for guests.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(10), default=Role.READER, server_default="reader")
    # Flask-Login's session id for this account; a new one (on a password change) ends
    # every other session and remember-me cookie.
    login_id: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (
        sa.UniqueConstraint("email", name="uq_player_email"),
        sa.UniqueConstraint("login_id", name="uq_player_login_id"),
        sa.CheckConstraint("role in ('reader', 'editor', 'admin')", name="ck_player_role"),
    )

    @validates("nickname")
    def _keep_key(self, _name: str, value: str) -> str:
        self.nickname_key = nickname_key(value)
        return value

    # Flask-Login's user interface (only accounts are ever logged in).
    @property
    def is_account(self) -> bool:
        """Whether this player has registered (guests have no email)."""
        return self.email is not None

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


class Guess(db.Model):
    """One submitted guess and the verdict it got."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    riddle_id: Mapped[int] = mapped_column(sa.ForeignKey("riddle.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.String(200))
    verdict: Mapped[str] = mapped_column(sa.String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.Index("ix_guess_riddle_player", "riddle_id", "player_id"),)


class Solve(db.Model):
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


class Reveal(db.Model):
    """A player pressed "Lösung anzeigen" before the riddle closed (their own give-up)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    riddle_id: Mapped[int] = mapped_column(sa.ForeignKey("riddle.id", ondelete="CASCADE"))
    revealed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("player_id", "riddle_id", name="uq_reveal_player_riddle"),
    )


class HintUnlock(db.Model):
    """A hint a player unlocked; its cost comes off that riddle's points."""

    id: Mapped[int] = mapped_column(primary_key=True)
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    hint_id: Mapped[int] = mapped_column(sa.ForeignKey("hint.id", ondelete="CASCADE"))
    unlocked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    hint: Mapped[Hint] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("player_id", "hint_id", name="uq_hintunlock_player_hint"),
    )


class AuditEntry(db.Model):
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


class Partner(db.Model):
    """A partner news site that frames our embeds: who may frame them, in which look."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120), unique=True)
    enabled: Mapped[bool] = mapped_column(default=True)
    # Exact origins (scheme://host[:port]) sent as CSP frame-ancestors; validated on input.
    origins: Mapped[list] = mapped_column(sa.JSON, default=list)
    accent: Mapped[str] = mapped_column(sa.String(7), default="#2f6b3a")  # #rrggbb, as typed
    scheme: Mapped[str] = mapped_column(sa.String(5), default="light")  # light | dark
    embed_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.CheckConstraint("scheme in ('light', 'dark')", name="ck_partner_scheme"),)


class EmbedDay(db.Model):
    """What readers did in one partner's embeds on one day (Europe/Berlin): plain counters."""

    partner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("partner.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(sa.Date, primary_key=True)
    views: Mapped[int] = mapped_column(default=0)
    guesses: Mapped[int] = mapped_column(default=0)
    solves: Mapped[int] = mapped_column(default=0)
    reveals: Mapped[int] = mapped_column(default=0)


class CacheVersion(db.Model):
    """A shared version stamp per cached thing (harzquiz.cache), replaced by every write to it.

    A random token rather than a counter: a database rebuilt from scratch (tests, a restore)
    can never repeat a stamp a running process still holds.
    """

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32))


def new_cache_token() -> str:
    """A fresh, never repeated version stamp."""
    return secrets.token_hex(12)


CACHE_NAMES = ("points", "content")  # harzquiz.cache.POINTS and CONTENT


@sa.event.listens_for(CacheVersion.__table__, "after_create")
def _create_stamps(table, connection, **_kw) -> None:
    """The stamps exist from the start, so bumping one is a plain UPDATE (no insert race)."""
    connection.execute(
        table.insert(), [{"name": name, "token": new_cache_token()} for name in CACHE_NAMES]
    )
