"""SQLAlchemy models, one module per area; everything is importable from here."""

from harzquiz.models.base import UTCDateTime, utcnow
from harzquiz.models.crosswords import Crossword, CrosswordProgress
from harzquiz.models.infra import CACHE_NAMES, AuditEntry, CacheVersion, new_cache_token
from harzquiz.models.moderation import Flag, ModerationAction, Report, RevealTrace
from harzquiz.models.notifications import Announcement, Delivery, MailSubscription
from harzquiz.models.partners import ClaimCodeUse, EmbedDay, Partner
from harzquiz.models.players import (
    ROLE_RANK,
    Guess,
    HintUnlock,
    Player,
    Reveal,
    Role,
    Solve,
    nickname_key,
)
from harzquiz.models.prizes import PrizeDraw, PrizeEntry
from harzquiz.models.quizzes import (
    QUESTION_KINDS,
    Quiz,
    QuizAnswer,
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
)
from harzquiz.models.riddles import Article, Hint, Riddle
from harzquiz.models.totals import PlayerTotal

__all__ = [
    "CACHE_NAMES",
    "QUESTION_KINDS",
    "ROLE_RANK",
    "Announcement",
    "Article",
    "AuditEntry",
    "CacheVersion",
    "ClaimCodeUse",
    "Crossword",
    "CrosswordProgress",
    "Delivery",
    "EmbedDay",
    "Flag",
    "Guess",
    "Hint",
    "HintUnlock",
    "MailSubscription",
    "ModerationAction",
    "Partner",
    "Player",
    "PlayerTotal",
    "PrizeDraw",
    "PrizeEntry",
    "Quiz",
    "QuizAnswer",
    "QuizAttempt",
    "QuizChoice",
    "QuizQuestion",
    "Report",
    "Reveal",
    "RevealTrace",
    "Riddle",
    "Role",
    "Solve",
    "UTCDateTime",
    "new_cache_token",
    "nickname_key",
    "utcnow",
]
