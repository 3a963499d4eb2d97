"""How one riddle or quiz is doing, for the desk: counts, the solve rate day by day, the
most frequent wrong guesses (live: judged against the riddle as it is now), and taking a
wrong guess over as an accepted spelling or a near miss.

Wrong guesses come from the stored guesses (`Guess`: text and verdict; no player is read
for this): grouped by their text in the database, then merged by the matcher's
normalisation, so "Kugel Grill" and "kugel-grill" are one line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import (
    Guess,
    Hint,
    HintUnlock,
    Player,
    Quiz,
    QuizAnswer,
    QuizQuestion,
    Reveal,
    Riddle,
    Solve,
)
from harzquiz.rules.answers import check_guess, normalise
from harzquiz.rules.berlin import berlin_day
from harzquiz.rules.quiz import Kind
from harzquiz.services import audit

MAX_WRONG_GUESSES = 20
MAX_DAYS = 60  # a chart longer than this shows its last MAX_DAYS days
MAX_ALTERNATIVES = 20  # as the riddle form (desk.forms.MAX_ROWS)
MAX_NEAR_MISSES = 20
CHOICE_KINDS = (Kind.SINGLE.value, Kind.MULTIPLE.value)


@dataclass(frozen=True)
class Day:
    """One Berlin day of a riddle: players and solves so far (cumulative)."""

    day: date
    players: int
    solves: int

    @property
    def rate(self) -> int:
        """Solves per player so far, in whole percent."""
        return round(100 * self.solves / self.players) if self.players else 0


@dataclass(frozen=True)
class WrongGuess:
    """A wrong guess as readers typed it most often, and how many typed it (any spelling
    that normalises the same)."""

    text: str
    count: int


@dataclass(frozen=True)
class RiddleInsight:
    players: int
    guesses: int
    solves: int
    reveals: int
    hint_unlocks: int
    days: list[Day]
    wrong: list[WrongGuess]

    @property
    def rate(self) -> int:
        return round(100 * self.solves / self.players) if self.players else 0


def _count(query) -> int:
    return db.session.scalar(query) or 0


def riddle_insight(riddle: Riddle, now: datetime) -> RiddleInsight:
    """Everything the riddle's insight page shows."""
    first_seen = {
        player: when
        for player, when in db.session.execute(
            sa.select(Guess.player_id, sa.func.min(Guess.created_at))
            .where(Guess.riddle_id == riddle.id)
            .group_by(Guess.player_id)
        )
    }
    for player, when in db.session.execute(
        sa.select(Reveal.player_id, Reveal.revealed_at).where(Reveal.riddle_id == riddle.id)
    ):
        first_seen[player] = min(when, first_seen.get(player, when))
    solved = list(
        db.session.scalars(sa.select(Solve.solved_at).where(Solve.riddle_id == riddle.id))
    )
    unlocks = _count(
        sa.select(sa.func.count())
        .select_from(HintUnlock)
        .join(Hint, Hint.id == HintUnlock.hint_id)
        .where(Hint.riddle_id == riddle.id)
    )
    guesses = _count(sa.select(sa.func.count()).where(Guess.riddle_id == riddle.id))
    reveals = _count(sa.select(sa.func.count()).where(Reveal.riddle_id == riddle.id))
    return RiddleInsight(
        players=len(first_seen),
        guesses=guesses,
        solves=len(solved),
        reveals=reveals,
        hint_unlocks=unlocks,
        days=_days(riddle, now, list(first_seen.values()), solved),
        wrong=wrong_guesses(riddle),
    )


def _days(riddle: Riddle, now: datetime, seen: list[datetime], solved: list[datetime]):
    """Cumulative players and solves per Berlin day, from publication to close (or today)."""
    if riddle.publish_at is None or riddle.publish_at > now:
        return []
    end = min(now, riddle.closes_at) if riddle.closes_at else now
    first, last = berlin_day(riddle.publish_at), berlin_day(end)
    first = max(first, last - timedelta(days=MAX_DAYS - 1))
    new_players = Counter(berlin_day(when) for when in seen)
    new_solves = Counter(berlin_day(when) for when in solved)
    players = sum(n for day, n in new_players.items() if day < first)
    solves = sum(n for day, n in new_solves.items() if day < first)
    days = []
    day = first
    while day <= last:
        players += new_players.get(day, 0)
        solves += new_solves.get(day, 0)
        days.append(Day(day, players, solves))
        day += timedelta(days=1)
    return days


def wrong_guesses(riddle: Riddle, limit: int = MAX_WRONG_GUESSES) -> list[WrongGuess]:
    """The most frequent guesses that the riddle, as it is now, still judges wrong."""
    rows = db.session.execute(
        sa.select(Guess.text, sa.func.count())
        .where(Guess.riddle_id == riddle.id, Guess.verdict == "wrong")
        .group_by(Guess.text)
    ).all()
    key = riddle.answer_key()
    totals: Counter[str] = Counter()
    spelling: dict[str, tuple[int, str]] = {}
    for text, count in rows:
        norm = normalise(text)
        totals[norm] += count
        if count > spelling.get(norm, (0, ""))[0]:
            spelling[norm] = (count, text)
    wrong = []
    for norm, count in totals.most_common():
        text = spelling[norm][1]
        if check_guess(text, key).verdict == "wrong":  # taken over since: no longer listed
            wrong.append(WrongGuess(text, count))
        if len(wrong) == limit:
            break
    return wrong


def take_over(riddle: Riddle, text: str, nudge: str | None, actor: Player | None) -> str | None:
    """Accept `text` as a spelling of the solution, or (with a nudge) as a near miss.

    Audited; judged so from the very next guess (the riddle's write moves the content
    stamp). Returns None when done, else why not: "known" (already not wrong), "full"
    (the riddle has the most rows of that kind), "stale" (edited meanwhile)."""
    text = text.strip()
    if check_guess(text, riddle.answer_key()).verdict != "wrong":
        return "known"
    if nudge is None:
        if len(riddle.alternatives or ()) >= MAX_ALTERNATIVES:
            return "full"
        riddle.alternatives = [*(riddle.alternatives or ()), text]
        audit.record(actor, "accepted", riddle, text)
    else:
        if len(riddle.near_misses or ()) >= MAX_NEAR_MISSES:
            return "full"
        riddle.near_misses = [*(riddle.near_misses or ()), {"phrase": text, "nudge": nudge}]
        audit.record(actor, "near_miss", riddle, f"{text} → {nudge}")
    try:
        db.session.commit()
    except sa.orm.exc.StaleDataError:
        db.session.rollback()
        return "stale"
    return None


@dataclass(frozen=True)
class QuestionShare:
    """How a quiz question was answered: answers, right ones, and per choice how often
    it was picked (choice questions)."""

    question: QuizQuestion
    answers: int
    right: int
    picks: dict[int, int]  # choice id -> answers that picked it

    @property
    def rate(self) -> int:
        return round(100 * self.right / self.answers) if self.answers else 0

    def share(self, choice_id: int) -> int:
        """Percent of the answers that picked this choice."""
        return round(100 * self.picks.get(choice_id, 0) / self.answers) if self.answers else 0


def quiz_shares(quiz: Quiz) -> list[QuestionShare]:
    """Per question of the quiz: answers, the share of right ones, picks per choice."""
    rows = db.session.execute(
        sa.select(
            QuizAnswer.question_id,
            QuizQuestion.kind,
            QuizAnswer.response,
            QuizAnswer.correct,
            sa.func.count(),
        )
        .join(QuizQuestion, QuizQuestion.id == QuizAnswer.question_id)
        .where(QuizQuestion.quiz_id == quiz.id)
        .group_by(
            QuizAnswer.question_id, QuizQuestion.kind, QuizAnswer.response, QuizAnswer.correct
        )
    ).all()
    answers: Counter[int] = Counter()
    right: Counter[int] = Counter()
    picks: dict[int, Counter[int]] = {}
    for question_id, kind, response, correct, count in rows:
        answers[question_id] += count
        if correct:
            right[question_id] += count
        if kind not in CHOICE_KINDS:
            continue
        for part in (response or "").split(","):
            if part.isdecimal():
                picks.setdefault(question_id, Counter())[int(part)] += count
    return [
        QuestionShare(q, answers[q.id], right[q.id], dict(picks.get(q.id, {})))
        for q in quiz.questions
    ]
