"""SQLAlchemy models of article quizzes: questions, choices, and what players answered.

Beside models.py rather than inside it so the quiz schema reads as one unit; both share
one metadata, so migrations and `db.create_all()` see every table.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from harzquiz.extensions import Model
from harzquiz.models.base import UTCDateTime, utcnow
from harzquiz.models.riddles import Article
from harzquiz.rules.quiz import Kind
from harzquiz.rules.scoring import DEFAULT_QUIZ_ANSWER_POINTS

# The values of harzquiz.rules.quiz.Kind (importing it here would make an import cycle through
# game.play and game.leaderboard; tests/unit/test_quiz.py keeps the two equal).
QUESTION_KINDS = tuple(kind.value for kind in Kind)  # one list: the rules' Kind
KIND_VALUES = ", ".join(f"'{kind}'" for kind in QUESTION_KINDS)


class Quiz(Model):
    """A quiz about one article: draft -> scheduled (publish_at) -> live -> closed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    article_id: Mapped[int] = mapped_column(
        sa.ForeignKey("article.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(120))
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    points_per_answer: Mapped[int] = mapped_column(default=DEFAULT_QUIZ_ANSWER_POINTS)
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    article: Mapped[Article] = relationship()
    questions: Mapped[list[QuizQuestion]] = relationship(
        back_populates="quiz", order_by="QuizQuestion.position", cascade="all, delete-orphan"
    )

    __table_args__ = (sa.CheckConstraint("points_per_answer > 0", name="ck_quiz_points_positive"),)


class QuizQuestion(Model):
    """One question of a quiz; which answer fields matter depends on its kind."""

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz.id", ondelete="CASCADE"))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(16))
    prompt: Mapped[str] = mapped_column(sa.Text)
    explanation: Mapped[str] = mapped_column(sa.Text, default="")
    truth: Mapped[bool | None]  # true/false questions: is the statement true?
    number: Mapped[float | None]  # number estimates: the right value ...
    tolerance: Mapped[float] = mapped_column(default=0.0)  # ... and how far off still counts
    # ... and the units a reader may type after it ("m", "Meter"); none: a bare number only
    units: Mapped[list] = mapped_column(sa.JSON, default=list)
    solution: Mapped[str] = mapped_column(sa.String(200), default="")  # free text
    alternatives: Mapped[list] = mapped_column(sa.JSON, default=list)  # free text, also right
    picture: Mapped[dict | None] = mapped_column(sa.JSON, default=None)  # as Riddle.picture

    quiz: Mapped[Quiz] = relationship(back_populates="questions")
    choices: Mapped[list[QuizChoice]] = relationship(
        back_populates="question", order_by="QuizChoice.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.UniqueConstraint("quiz_id", "position"),
        sa.CheckConstraint(f"kind IN ({KIND_VALUES})", name="ck_quizquestion_kind"),
        sa.CheckConstraint("tolerance >= 0", name="ck_quizquestion_tolerance"),
    )


class QuizChoice(Model):
    """One option of a single- or multiple-choice question."""

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_question.id", ondelete="CASCADE"))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(sa.String(300))
    correct: Mapped[bool] = mapped_column(default=False)

    question: Mapped[QuizQuestion] = relationship(back_populates="choices")

    __table_args__ = (sa.UniqueConstraint("question_id", "position"),)


class QuizAttempt(Model):
    """One run through a quiz by a player; number 1 counts for points, later ones are practice."""

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz.id", ondelete="CASCADE"))
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    number: Mapped[int]
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("quiz_id", "player_id", "number", name="uq_quizattempt_number"),
        sa.CheckConstraint("number > 0", name="ck_quizattempt_number_positive"),
    )


class QuizAnswer(Model):
    """A player's answer to one question in one attempt, judged, with the points it earned.

    `player_id` repeats the attempt's so the leaderboards read points without a join.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_attempt.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("quiz_question.id", ondelete="CASCADE"))
    player_id: Mapped[int] = mapped_column(sa.ForeignKey("player.id", ondelete="CASCADE"))
    response: Mapped[str] = mapped_column(sa.String(200))  # as given, for the result summary
    correct: Mapped[bool]
    points: Mapped[int] = mapped_column(default=0)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.UniqueConstraint("attempt_id", "question_id", name="uq_quizanswer_attempt_question"),
        sa.Index("ix_quizanswer_answered_at_player", "answered_at", "player_id", "points"),
        sa.CheckConstraint("points >= 0", name="ck_quizanswer_points_not_negative"),
    )
