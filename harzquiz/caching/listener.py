"""Every ORM write to what readers see moves the content stamp, in the same transaction.

The one mechanism for every writer that goes through the ORM (desk saves, closing early,
the quiz editor, the content import, seeders, tests), so the per-process caches keyed by the
content stamp (shared pages, kept riddles and quizzes) never outlive a change made through
the app. Writes past the ORM (raw SQL) are bounded by PAGE_CACHE_SECONDS.
"""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event
from sqlalchemy.orm import Session

from harzquiz.caching import stamps as cache
from harzquiz.models import Article, Hint, Quiz, QuizChoice, QuizQuestion, Riddle

CONTENT_MODELS = (Riddle, Hint, Article, Quiz, QuizQuestion, QuizChoice)


@event.listens_for(Session, "before_flush")
def _content_written(session: Session, flush_context, instances) -> None:
    touched = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(instance, CONTENT_MODELS) for instance in touched):
        cache.bump(cache.CONTENT, session)
        cache.forget_version(cache.CONTENT)
