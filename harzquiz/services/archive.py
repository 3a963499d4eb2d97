"""The archive: closed riddles and closed quizzes in one list, newest first, searchable by
title. Only what has closed is in it, so no solution of anything still live can appear."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Quiz, Riddle
from harzquiz.services.catalog import ArchiveEntry, archive_entries

MAX_SEARCH_LENGTH = 100


@dataclass(frozen=True)
class QuizArchiveEntry:
    """A closed quiz: its title and when it closed (to play it again for practice)."""

    quiz: Quiz


def _title_matches(column, search: str):
    """Titles containing `search`, case-insensitively (% and _ are matched as typed)."""
    escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


def archive_list(now: datetime, search: str = "") -> sa.Select:
    """Rows (kind, id) of closed riddles and quizzes whose title contains `search`, newest
    first (to paginate with paginate_rows; archive_page turns a page of them into entries)."""
    riddles = sa.select(
        sa.literal("riddle").label("kind"), Riddle.id.label("id"), Riddle.closes_at.label("at")
    ).where(
        Riddle.publish_at.is_not(None),
        Riddle.publish_at <= now,
        Riddle.closes_at.is_not(None),
        Riddle.closes_at <= now,
    )
    quizzes = sa.select(
        sa.literal("quiz").label("kind"), Quiz.id.label("id"), Quiz.closes_at.label("at")
    ).where(
        Quiz.publish_at.is_not(None),
        Quiz.publish_at <= now,
        Quiz.closes_at.is_not(None),
        Quiz.closes_at <= now,
    )
    if search:
        riddles = riddles.where(_title_matches(Riddle.title, search))
        quizzes = quizzes.where(_title_matches(Quiz.title, search))
    closed = sa.union_all(riddles, quizzes).subquery()
    return sa.select(closed.c.kind, closed.c.id).order_by(
        closed.c.at.desc(), closed.c.kind, closed.c.id.desc()
    )


def archive_page(rows: Sequence[tuple[str, int]]) -> list[ArchiveEntry | QuizArchiveEntry]:
    """One page of archive rows as entries, in their order (riddles with their counts)."""
    riddle_ids = [id_ for kind, id_ in rows if kind == "riddle"]
    quiz_ids = [id_ for kind, id_ in rows if kind == "quiz"]
    riddles = db.session.scalars(sa.select(Riddle).where(Riddle.id.in_(riddle_ids))).all()
    by_riddle = {entry.riddle.id: entry for entry in archive_entries(riddles)}
    quizzes = db.session.scalars(sa.select(Quiz).where(Quiz.id.in_(quiz_ids))).all()
    by_quiz = {quiz.id: QuizArchiveEntry(quiz) for quiz in quizzes}
    return [by_riddle[id_] if kind == "riddle" else by_quiz[id_] for kind, id_ in rows]
