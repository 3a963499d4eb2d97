"""Quizzes readers may see, one player's progress through a quiz, and the answer transaction.

`record_answer` is the one place quiz points are written; it moves the leaderboards'
version stamp when points were earned. Like riddle actions, answering takes a
`create_player` callable that is called only once the answer is accepted, so a refused
request stores nothing, and it locks an existing player first, so a double submit cannot
record two answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from harzquiz.caching import reads
from harzquiz.caching.content import KeptArticle, quiz_by_slug
from harzquiz.extensions import db
from harzquiz.models import Player, Quiz, QuizAnswer, QuizAttempt, QuizQuestion
from harzquiz.rules import scoring
from harzquiz.rules.answers import AnswerKey
from harzquiz.rules.fairplay import Evidence
from harzquiz.rules.lifecycle import Status, riddle_status
from harzquiz.rules.quiz import Kind, QuestionKey, judge, parse_answer
from harzquiz.rules.refusals import Refusal
from harzquiz.services import fairplay
from harzquiz.services.play import CreatePlayer
from harzquiz.services.state import lock_player


def _public(now: datetime):
    return Quiz.publish_at.is_not(None) & (Quiz.publish_at <= now)


def public_quiz(slug: str, now: datetime) -> Quiz | None:
    """A live or closed quiz by slug, with its questions; drafts and scheduled ones do not exist."""
    quiz = quiz_by_slug(slug)
    if quiz is None or quiz.publish_at is None or quiz.publish_at > now:
        return None
    return quiz


def public_quizzes(now: datetime, limit: int = 50) -> list[Quiz]:
    """Live and closed quizzes, newest first (what a partner snippet may embed)."""
    query = sa.select(Quiz).where(_public(now)).order_by(Quiz.publish_at.desc()).limit(limit)
    return list(db.session.scalars(query))


def quiz_for_article(article: KeptArticle, now: datetime) -> Quiz | None:
    """The quiz shown beside an article: its newest public one (live before closed), chosen
    by the clock from the kept article's quizzes; the quiz itself is the kept copy too."""
    public = [
        quiz for quiz in article.quizzes if quiz.publish_at is not None and quiz.publish_at <= now
    ]
    if not public:
        return None
    shown = max(
        public,
        key=lambda quiz: (quiz.closes_at is None or quiz.closes_at > now, quiz.publish_at, quiz.id),
    )
    return quiz_by_slug(shown.slug)


def question_key(question: QuizQuestion) -> QuestionKey:
    """The judge's view of a question's right answer."""
    return QuestionKey(
        kind=Kind(question.kind),
        choice_ids=frozenset(choice.id for choice in question.choices),
        correct_choice_ids=frozenset(c.id for c in question.choices if c.correct),
        truth=question.truth,
        number=question.number,
        tolerance=question.tolerance,
        units=tuple(question.units or ()),
        answer_key=AnswerKey(question.solution, tuple(question.alternatives or ())),
    )


@dataclass(frozen=True)
class GivenAnswer:
    """What the player answered to one question in the current attempt, and how it went."""

    response: str
    correct: bool
    points: int


@dataclass(frozen=True)
class QuizProgress:
    """One player's standing in a quiz: the latest attempt's answers and first-attempt points."""

    status: Status
    question_ids: tuple[int, ...]
    attempt: int = 0  # number of the latest attempt (0: never started)
    answers: dict[int, GivenAnswer] = field(default_factory=dict)  # question id -> answer
    first_points: int = 0
    first_correct: int = 0
    # the latest attempt's row id (None: never started), so an answer in it need not look it up
    attempt_id: int | None = field(default=None, compare=False)

    @property
    def next_question_id(self) -> int | None:
        """The first question of the latest attempt not answered yet (None: all answered)."""
        return next((qid for qid in self.question_ids if qid not in self.answers), None)

    @property
    def finished(self) -> bool:
        """Whether the latest attempt has answered every question."""
        return self.attempt > 0 and self.next_question_id is None

    @property
    def open_attempt(self) -> int:
        """The attempt an answer now belongs to: the unfinished latest, else a new one."""
        return self.attempt + 1 if self.attempt == 0 or self.finished else self.attempt

    def counts(self, attempt: int) -> bool:
        """Whether answers in `attempt` earn points: the first attempt, while the quiz is live."""
        return attempt == 1 and self.status is Status.LIVE


def _progress_rows() -> sa.Select:
    """The answers of a player's first and latest attempt (practice rounds in between do not
    matter), as one prebuilt statement: every answer and quiz view runs it."""
    attempt, answer = QuizAttempt.__table__, QuizAnswer.__table__
    quiz_id: sa.BindParameter[int] = sa.bindparam("quiz_id")
    player_id: sa.BindParameter[int] = sa.bindparam("player_id")
    mine = (attempt.c.quiz_id == quiz_id) & (attempt.c.player_id == player_id)
    latest = sa.select(sa.func.max(attempt.c.number)).where(mine).scalar_subquery()
    return (
        sa.select(
            attempt.c.number,
            attempt.c.id.label("attempt_id"),
            answer.c.question_id,
            answer.c.response,
            answer.c.correct,
            answer.c.points,
        )
        .join_from(attempt, answer, answer.c.attempt_id == attempt.c.id, isouter=True)
        .where(mine, (attempt.c.number == 1) | (attempt.c.number == latest))
    )


PROGRESS_ROWS = _progress_rows()


def load_progress(quiz: Quiz, player: Player | None, now: datetime) -> QuizProgress:
    """Read a player's progress in a quiz in two small queries (no player: a fresh start)."""
    status = riddle_status(quiz.publish_at, quiz.closes_at, now)
    question_ids = tuple(question.id for question in quiz.questions)
    if player is None:
        return QuizProgress(status=status, question_ids=question_ids)
    # A reader's page: outside the ORM session (caching.reads).
    rows = reads.rows(PROGRESS_ROWS, {"quiz_id": quiz.id, "player_id": player.id})
    latest = max((row.number for row in rows), default=0)
    first = [row for row in rows if row.number == 1 and row.question_id is not None]
    return QuizProgress(
        status=status,
        question_ids=question_ids,
        attempt=latest,
        attempt_id=next((row.attempt_id for row in rows if row.number == latest), None),
        answers={
            row.question_id: GivenAnswer(row.response, row.correct, row.points)
            for row in rows
            if row.number == latest and row.question_id is not None
        },
        first_points=sum(row.points for row in first),
        first_correct=sum(1 for row in first if row.correct),
    )


@dataclass(frozen=True)
class AnswerOutcome:
    """The result of answering: the judged answer, or why it was refused."""

    question_id: int | None
    error: Refusal | None = None
    correct: bool = False
    points: int = 0
    # The player's progress with this answer, derived from the progress read under the
    # player lock, so the feedback need not read it again (None when refused).
    progress: QuizProgress | None = field(default=None, compare=False, repr=False)


def after_answer(
    progress: QuizProgress, question_id: int, attempt: int, attempt_id: int, given: GivenAnswer
) -> QuizProgress:
    """The progress once `given` is stored for `question_id` in `attempt` (the open one,
    whose row is `attempt_id`)."""
    earlier = progress.answers if attempt == progress.attempt else {}
    first = attempt == 1
    return replace(
        progress,
        attempt=attempt,
        attempt_id=attempt_id,
        answers={**earlier, question_id: given},
        first_points=progress.first_points + (given.points if first else 0),
        first_correct=progress.first_correct + (1 if first and given.correct else 0),
    )


def answer_problem(progress: QuizProgress, question_id: int, attempt: int) -> Refusal | None:
    """Why this answer may not be taken now: stale attempt, answered before, not reached."""
    if progress.status not in (Status.LIVE, Status.CLOSED):
        return Refusal.UNPUBLISHED
    if question_id not in progress.question_ids:
        return Refusal.UNKNOWN_QUESTION
    if attempt == progress.attempt and question_id in progress.answers:
        return Refusal.ANSWERED  # a double submit, or the same form sent again
    if attempt != progress.open_attempt:
        return Refusal.STALE  # a form from an earlier round (another tab started a new one)
    answered = progress.answers if attempt == progress.attempt else {}
    expected = next((qid for qid in progress.question_ids if qid not in answered), None)
    return None if question_id == expected else Refusal.NOT_REACHED


def answer_question(
    quiz: Quiz,
    player: Player | None,
    question_id: int,
    attempt: int,
    values: Sequence[str],
    now: datetime,
    create_player: CreatePlayer,
    evidence: Evidence | None = None,
) -> AnswerOutcome:
    """Judge and record one answer in the player's open attempt (starting it if needed).

    Its feedback shows the right answers: with `evidence`, that is recorded as a reveal of
    the question, and a right answer after another player's reveal is flagged."""
    if player is not None and not lock_player(player):
        db.session.rollback()  # merged into an account meanwhile: nothing to store
        return AnswerOutcome(question_id=question_id, error=Refusal.GONE)
    progress = load_progress(quiz, player, now)
    problem = answer_problem(progress, question_id, attempt)
    question = next((q for q in quiz.questions if q.id == question_id), None)
    if question is None:  # answer_problem refuses it already (question_ids are the quiz's)
        problem = problem or Refusal.UNKNOWN_QUESTION
    key = question_key(question) if question is not None else None
    parsed = parse_answer(key, values) if key is not None else None
    problem = problem or (parsed.problem if parsed is not None else None)
    if problem or key is None or parsed is None:
        db.session.rollback()  # release the player lock; nothing was written
        return AnswerOutcome(question_id=question_id, error=problem)
    correct = judge(key, parsed)
    points = scoring.quiz_answer_points(quiz.points_per_answer, correct, progress.counts(attempt))
    player = player or create_player()
    points = fairplay.points_earned(player, points)
    response = parsed.stored()
    try:
        attempt_id = _attempt_id(quiz, player, attempt, progress, now)
        record_answer(attempt_id, question_id, player.id, response, correct, points, now, evidence)
    except IntegrityError:
        # A concurrent request took this answer (or started this attempt) first.
        db.session.rollback()
        return AnswerOutcome(question_id=question_id, error=Refusal.ANSWERED)
    given = GivenAnswer(response, correct, points)
    return AnswerOutcome(
        question_id=question_id,
        correct=correct,
        points=points,
        progress=after_answer(progress, question_id, attempt, attempt_id, given),
    )


# Prebuilt Core statements for the answer's writes (the ORM's unit of work cost more than
# the writes): an attempt is never read back as an object, and no stamp or total depends
# on it (caching.listener, services.totals_listener).
_ATTEMPT = QuizAttempt.__table__
INSERT_ATTEMPT = sa.insert(_ATTEMPT)
# An answer without points changes no total and no board: stored past the unit of work,
# like a guess. An answer with points goes through the session, whose flush keeps the
# totals and moves the points stamp (services.totals_listener).
INSERT_ANSWER = sa.insert(QuizAnswer.__table__)


def _attempt_id(
    quiz: Quiz, player: Player, number: int, progress: QuizProgress, now: datetime
) -> int:
    """The id of the player's attempt `number` (the open one), starting it if it is new."""
    if number == progress.attempt and progress.attempt_id is not None:
        return progress.attempt_id  # load_progress read it, under the player lock
    started = db.session.connection().execute(
        INSERT_ATTEMPT,
        {"quiz_id": quiz.id, "player_id": player.id, "number": number, "started_at": now},
    )
    return int(started.inserted_primary_key[0])  # type: ignore[index]


def record_answer(
    attempt_id: int,
    question_id: int,
    player_id: int,
    response: str,
    correct: bool,
    points: int,
    now: datetime,
    evidence: Evidence | None = None,
) -> None:
    """Store a judged answer with its points and commit: every quiz point is written here.

    With `evidence`, a scoring answer is checked against earlier reveals of the question
    (harzquiz.services.fairplay), and the answer is recorded as a reveal itself."""
    values = dict(
        attempt_id=attempt_id,
        question_id=question_id,
        player_id=player_id,
        response=response,
        correct=correct,
        points=points,
        answered_at=now,
    )
    if not points:
        db.session.connection().execute(INSERT_ANSWER, values)
    else:
        answer = QuizAnswer(**values)
        db.session.add(answer)
        if evidence is not None:
            db.session.flush()  # the flag names the answer
            fairplay.flag_if_after_reveal(
                player_id, now, evidence, answer_id=answer.id, question_id=question_id
            )
    if evidence is not None:
        fairplay.record_reveal(player_id, now, evidence, question_id=question_id)
    db.session.commit()  # with points, its flush moves the points stamp (caching.listener)


SHOWN = ""  # the stored response of a question whose answer was shown, not given


def show_answers(
    quiz: Quiz, player: Player | None, attempt: int, now: datetime, create_player: CreatePlayer
) -> AnswerOutcome:
    """ "Antworten zeigen": the open round ends here. Every question not answered yet is
    recorded as played, wrong, with 0 points, so the round's right answers are never seen
    for free: in a first round that counts, those questions can no longer score."""
    if player is not None and not lock_player(player):
        db.session.rollback()
        return AnswerOutcome(question_id=None, error=Refusal.GONE)
    progress = load_progress(quiz, player, now)
    problem: Refusal | None = None
    if progress.status not in (Status.LIVE, Status.CLOSED) or not progress.question_ids:
        problem = Refusal.UNPUBLISHED
    elif attempt != progress.open_attempt:
        problem = Refusal.STALE  # a form from an earlier round, or the round is finished
    if problem:
        db.session.rollback()
        return AnswerOutcome(question_id=None, error=problem)
    answered = progress.answers if attempt == progress.attempt else {}
    player = player or create_player()
    try:
        attempt_id = _attempt_id(quiz, player, attempt, progress, now)
        for question_id in progress.question_ids:
            if question_id not in answered:
                db.session.add(
                    QuizAnswer(
                        attempt_id=attempt_id,
                        question_id=question_id,
                        player_id=player.id,
                        response=SHOWN,
                        correct=False,
                        points=0,
                        answered_at=now,
                    )
                )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # a concurrent answer or reveal took the round first
        return AnswerOutcome(question_id=None, error=Refusal.ANSWERED)
    return AnswerOutcome(question_id=None)
