"""The one place that moves the stamps: every write through the session, in its transaction.

Nobody calls a stamp function by hand. Two session events see every write made through the
ORM, and move the stamp guarding it in the same transaction (so a rollback undoes both):

- `before_flush` (the unit of work: objects added, changed or deleted), and
- `do_orm_execute` for bulk `INSERT`/`UPDATE`/`DELETE` statements run by `session.execute`
  (services.merge and services.quiz_merge move and drop rows this way).

CONTENT moves for any write to Riddle, Hint, Article, Quiz, QuizQuestion, QuizChoice,
Crossword or PrizeDraw (the crossword desk, closing early, the import, the demo seeder, a
prize set up or drawn: riddle pages keep which riddles have a prize, caching.content).
POINTS moves for what a board shows:
- a Solve or QuizAnswer changed or deleted (a *new* one is decided by
  services.totals_listener: only when it lifts its player into a top list that is shown);
- a CrosswordProgress whose points changed (a scored crossword solve; typing letters
  moves nothing);
- a Player whose nickname, email confirmation, hiding or ban changed (who is listed on the
  boards: services.board_listing), or a player row deleted. A new player is not on a
  board until their first points (that Solve or QuizAnswer moves the stamp), so creating a
  guest on a first guess leaves the caches alone. A bulk UPDATE of `player` moves it
  whatever it sets (rare, and cheaper to over-invalidate than to read its SET clause).

Not seen (documented in docs/architecture.md): Core statements run on a connection rather
than through the session, and text SQL. In the app these are the guess INSERT
(services.play; no stamp guards guesses), a quiz answer without points, its attempt and the
reveal trace (services.quiz_play, services.fairplay: nothing a stamp guards changes), the
no-op player lock (services.state), the stamp
UPDATE itself (caching.stamps), and the synthetic-data loader (cli.datagen), which moves
POINTS itself because COPY goes past the ORM. Anything else past the session (SQL by hand)
is bounded by PAGE_CACHE_SECONDS for pages and kept content.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from harzquiz.caching import stamps
from harzquiz.models import (
    Article,
    Crossword,
    CrosswordProgress,
    Hint,
    Player,
    PrizeDraw,
    Quiz,
    QuizAnswer,
    QuizChoice,
    QuizQuestion,
    Riddle,
    Solve,
)

CONTENT_MODELS = (Riddle, Hint, Article, Quiz, QuizQuestion, QuizChoice, Crossword, PrizeDraw)
POINTS_MODELS = (Solve, QuizAnswer, CrosswordProgress, Player)

CONTENT_TABLES = frozenset(model.__table__.name for model in CONTENT_MODELS)
POINTS_TABLES = frozenset(model.__table__.name for model in (Solve, QuizAnswer, CrosswordProgress))
PLAYER_TABLE = Player.__table__.name
# The player columns a board reads: the name it shows, and what decides whether the player
# is listed at all (services.board_listing: an account confirmed its email, and the
# moderation desk has neither hidden nor banned it). An email set without a confirmation
# lists nobody, so `email` alone does not move the stamp.
BOARD_PLAYER_COLUMNS = ("nickname", "email_confirmed_at", "hidden_at", "banned_at")


def _shows_on_a_board(instance: object, state: str) -> bool:
    """Whether writing this object (state: new, dirty or deleted) changes what a board shows."""
    if isinstance(instance, Player):
        if state == "new":
            return False
        attrs = inspect(instance).attrs
        return state == "deleted" or any(
            attrs[name].history.has_changes() for name in BOARD_PLAYER_COLUMNS
        )
    if isinstance(instance, CrosswordProgress):  # typing moves nothing; a scored solve does
        if state != "dirty":  # a new or deleted row counts only with points
            return bool(instance.points)
        return inspect(instance).attrs.points.history.has_changes()
    # A Solve or QuizAnswer changed or deleted. A new one: services.totals_listener moves the
    # stamp once it knows whether the new total reaches a top list (most solves change none).
    return state != "new"


def stamps_for_flush(session: Session) -> set[str]:
    """The stamps the pending unit of work moves."""
    moved: set[str] = set()
    for state, instances in (
        ("new", session.new),
        ("dirty", session.dirty),
        ("deleted", session.deleted),
    ):
        for instance in instances:
            if isinstance(instance, CONTENT_MODELS):
                moved.add(stamps.CONTENT)
            elif isinstance(instance, POINTS_MODELS) and _shows_on_a_board(instance, state):
                moved.add(stamps.POINTS)
            if len(moved) == 2:
                return moved
    return moved


def stamps_for_statement(state: ORMExecuteState) -> set[str]:
    """The stamps a bulk INSERT/UPDATE/DELETE run through the session moves."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return set()
    table = getattr(getattr(state.statement, "table", None), "name", None)
    if table in CONTENT_TABLES:
        return {stamps.CONTENT}
    if table in POINTS_TABLES or (table == PLAYER_TABLE and not state.is_insert):
        return {stamps.POINTS}
    return set()


@event.listens_for(Session, "before_flush")
def _flush_moves_stamps(session: Session, flush_context, instances) -> None:
    for name in sorted(stamps_for_flush(session)):
        stamps.bump(name, session)


@event.listens_for(Session, "do_orm_execute")
def _statement_moves_stamps(state: ORMExecuteState) -> None:
    for name in sorted(stamps_for_statement(state)):
        stamps.bump(name, state.session)
