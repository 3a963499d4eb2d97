"""The one place that moves the stamps: every write through the session, in its transaction.

Nobody calls a stamp function by hand. Two session events see every write made through the
ORM, and move the stamp guarding it in the same transaction (so a rollback undoes both):

- `before_flush` (the unit of work: objects added, changed or deleted), and
- `do_orm_execute` for bulk `INSERT`/`UPDATE`/`DELETE` statements run by `session.execute`
  (services.merge and services.quiz_merge move and drop rows this way).

CONTENT moves for any write to Riddle, Hint, Article, Quiz, QuizQuestion or QuizChoice.
POINTS moves for what a board shows:
- a Solve or QuizAnswer written (a new QuizAnswer only with points: zero-point answers are
  not on any board, and a wrong quiz answer must not empty every shared page);
- a Player whose nickname changed, or who was hidden or banned (or that undone), or a
  player row deleted. A new player is not on a
  board until their first points (that Solve or QuizAnswer moves the stamp), so creating a
  guest on a first guess leaves the caches alone. A bulk UPDATE of `player` moves it
  whatever it sets (rare, and cheaper to over-invalidate than to read its SET clause).

Not seen (documented in docs/architecture.md): Core statements run on a connection rather
than through the session, and text SQL. In the app these are the guess INSERT
(services.play; no stamp guards guesses), the no-op player lock (services.state), the stamp
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
    Hint,
    Player,
    Quiz,
    QuizAnswer,
    QuizChoice,
    QuizQuestion,
    Riddle,
    Solve,
)

CONTENT_MODELS = (Riddle, Hint, Article, Quiz, QuizQuestion, QuizChoice)
POINTS_MODELS = (Solve, QuizAnswer, Player)

CONTENT_TABLES = frozenset(model.__table__.name for model in CONTENT_MODELS)
POINTS_TABLES = frozenset(model.__table__.name for model in (Solve, QuizAnswer))
PLAYER_TABLE = Player.__table__.name
# Player columns a board shows or is filtered by (the moderation desk's hide and ban).
BOARD_PLAYER_COLUMNS = ("nickname", "hidden_at", "banned_at")


def _shows_on_a_board(instance: object, state: str) -> bool:
    """Whether writing this object (state: new, dirty or deleted) changes what a board shows."""
    if isinstance(instance, Player):
        if state == "new":
            return False
        attrs = inspect(instance).attrs
        return state == "deleted" or any(
            getattr(attrs, name).history.has_changes() for name in BOARD_PLAYER_COLUMNS
        )
    if isinstance(instance, QuizAnswer) and state == "new":
        return bool(instance.points)
    return True  # any Solve; a QuizAnswer changed or deleted


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
