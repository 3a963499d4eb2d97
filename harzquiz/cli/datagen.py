"""Synthetic play history at scale (benchmarks): players, guesses, hints, solves, reveals.

Riddles run one per week back from now (the newest is live), players play recent riddles
more often, and every play is what the game would have stored: wrong guesses, hint unlocks in
order, then a solve (worth the scoring formula's value), a reveal, or nothing. Rows go in by
bulk insert (COPY on PostgreSQL, executemany on SQLite), so 100,000 players and a million
guesses load in a few minutes on two cores.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from harzquiz.caching import stamps
from harzquiz.extensions import db
from harzquiz.models import (
    Article,
    Guess,
    Hint,
    HintUnlock,
    Partner,
    Player,
    Quiz,
    Reveal,
    Riddle,
    Solve,
)
from harzquiz.rules import scoring
from harzquiz.rules.lifecycle import week_start
from harzquiz.rules.nicknames import skeleton_key
from harzquiz.services.quiz_editing import QuestionSpec, build_question
from harzquiz.services.totals import rebuild_all

BATCH = 20_000
WRONG_WORDS = ("Brocken", "Harz", "Hexe", "Bergbau", "Fachwerk", "Kaiserpfalz", "Grube", "Bode")
WEEK = timedelta(days=7)
PARTNER_ORIGIN = "http://127.0.0.1"
# One question of each kind; the first choice is never right and every
# statement is true, so a benchmark can answer wrong without reading the solutions.
QUIZ_QUESTIONS: tuple[dict, ...] = (
    {
        "kind": "single",
        "prompt": "Welcher Berg ist der höchste im Harz?",
        "choices": (("Wurmberg", False), ("Brocken", True), ("Achtermann", False)),
        "explanation": "Der Brocken ist 1141 m hoch.",
    },
    {
        "kind": "multiple",
        "prompt": "Welche Städte liegen am Harzrand?",
        "choices": (("Hamburg", False), ("Goslar", True), ("Wernigerode", True)),
        "explanation": "Goslar und Wernigerode liegen am Harz, Hamburg nicht.",
    },
    {
        "kind": "true_false",
        "prompt": "Die Brockenbahn fährt mit Dampf.",
        "truth": True,
        "explanation": "Ja, die Harzer Schmalspurbahnen fahren mit Dampf.",
    },
    {
        "kind": "number",
        "prompt": "Wie hoch ist der Brocken (in Metern)?",
        "number": 1141,
        "tolerance": 10,
        "explanation": "1141 Meter.",
    },
    {
        "kind": "text",
        "prompt": "Wie heißt der Berg der Hexen noch?",
        "solution": "Blocksberg",
        "alternatives": ("Blocksberg im Harz",),
        "explanation": "Brocken alias Blocksberg.",
    },
)


@dataclass
class Generated:
    """Row counts written by `generate`."""

    riddles: int = 0
    articles: int = 0
    quizzes: int = 0
    partners: int = 0
    players: int = 0
    guesses: int = 0
    solves: int = 0
    reveals: int = 0
    hint_unlocks: int = 0
    rows: dict[str, list[tuple]] = field(default_factory=dict, repr=False)


def _riddles(count: int, now: datetime) -> list[Riddle]:
    """One riddle per week, the newest published this Monday and live until next Monday."""
    monday = week_start(now).astimezone(UTC)
    riddles = []
    for n in range(count):
        publish_at = monday - WEEK * (count - 1 - n)
        riddle = Riddle(
            slug=f"gen-raetsel-{n + 1}",
            title=f"Rätsel Nummer {n + 1}",
            question=f"Welcher Ort im Harz ist gemeint (Rätsel {n + 1})?",
            solution=f"Loesungswort{n + 1}",
            explanation="Erzeugte Testdaten.",
            alternatives=[f"Loesung {n + 1}"],
            near_misses=[{"phrase": "Harzort", "nudge": "Welcher genau?"}],
            points=(50, 100, 100, 150)[n % 4],
            publish_at=publish_at,
            closes_at=publish_at + WEEK,
        )
        riddle.hints = [
            Hint(position=1, text="Erster Tipp.", cost=20),
            Hint(position=2, text="Zweiter Tipp.", cost=30),
        ]
        riddles.append(riddle)
    db.session.add_all(riddles)
    db.session.flush()
    return riddles


def _existing_riddles() -> list[Riddle]:
    """The riddles an earlier run generated, oldest first (to add more play to them)."""
    return list(
        db.session.scalars(
            sa.select(Riddle).where(Riddle.slug.like("gen-raetsel-%")).order_by(Riddle.publish_at)
        )
    )


def _articles(count: int, riddles: list[Riddle]) -> int:
    """Articles for the newest riddles (one each), published with them."""
    newest = riddles[::-1]
    for n in range(count):
        riddle = newest[n % len(newest)] if newest else None
        db.session.add(
            Article(
                slug=f"gen-artikel-{n + 1}",
                kicker="Harz",
                title=f"Erzeugter Artikel {n + 1}",
                teaser="Ein Artikel aus den Testdaten.",
                body_markdown="## Zwischentitel\n\n" + "Ein Absatz über den Harz. " * 40,
                author_name="Testdaten",
                published_at=riddle.publish_at if riddle else None,
                riddle_id=riddle.id if riddle else None,
            )
        )
    return count


def _quizzes(count: int) -> int:
    """A live quiz (no close) on each of the first `count` generated articles of this run."""
    articles = db.session.scalars(
        sa.select(Article).where(Article.slug.in_([f"gen-artikel-{n + 1}" for n in range(count)]))
    ).all()
    for article in articles:
        number = article.slug.removeprefix("gen-artikel-")
        quiz = Quiz(
            slug=f"gen-quiz-{number}",
            article_id=article.id,
            title=f"Quiz zum Artikel {number}",
            intro="Fünf Fragen aus den Testdaten.",
            publish_at=article.published_at,
            closes_at=None,
        )
        quiz.questions = [
            build_question(position, QuestionSpec.from_dict(item))
            for position, item in enumerate(QUIZ_QUESTIONS, start=1)
        ]
        db.session.add(quiz)
    return len(articles)


def _partners(count: int) -> int:
    """Enabled partners with known embed keys (gen-partner-key-<n>), framed from 127.0.0.1."""
    made = 0
    for n in range(1, count + 1):
        key = f"gen-partner-key-{n}"
        if db.session.scalar(sa.select(Partner.id).where(Partner.embed_key == key)) is None:
            db.session.add(
                Partner(
                    name=f"Erzeugter Partner {n}",
                    enabled=True,
                    origins=[PARTNER_ORIGIN],
                    embed_key=key,
                )
            )
            made += 1
    return made


def _max_id(model) -> int:
    return db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(model.id), 0)))


def _plan(riddles, players: int, guesses: int, first_player: int, now: datetime, rng):
    """Rows for players, guesses, hint unlocks, solves and reveals (ids given explicitly)."""
    rows: dict[str, list[tuple]] = {
        "player": [],
        "guess": [],
        "hint_unlock": [],
        "solve": [],
        "reveal": [],
    }
    span = (now - riddles[0].publish_at) if riddles else timedelta(days=1)
    for n in range(players):
        created = now - span * rng.random()
        name = f"Spieler-{first_player + n}"
        rows["player"].append(
            (first_player + n, name, name.casefold(), skeleton_key(name), created)
        )
    info = [
        (r.id, r.publish_at, min(r.closes_at, now), r.points, [(h.id, h.cost) for h in r.hints])
        for r in riddles
    ]
    played: set[tuple[int, int]] = set()
    written = 0
    pairs = players * len(info)
    while written < guesses and len(played) < pairs:  # stops early when everyone played all
        player_id = first_player + rng.randrange(players)
        # Recent riddles draw most players: the current one about an eighth of all plays.
        age = min(int(rng.expovariate(1 / 8)), len(info) - 1)
        riddle_id, opens, ends, points, hints = info[-1 - age]
        if (player_id, riddle_id) in played:
            continue
        played.add((player_id, riddle_id))
        at = opens + (ends - opens) * rng.random() * 0.9
        wrong = min(int(rng.expovariate(0.5)), 8)
        for k in range(wrong):
            at += timedelta(seconds=rng.randint(5, 600))
            text = f"{rng.choice(WRONG_WORDS)} {k}"
            rows["guess"].append((player_id, riddle_id, text, "wrong", at))
        costs = []
        for hint_id, cost in hints:
            if rng.random() > 0.3:
                break
            costs.append(cost)
            rows["hint_unlock"].append((player_id, hint_id, at))
        written += wrong
        outcome = rng.random()
        at += timedelta(seconds=rng.randint(5, 900))
        if outcome < 0.65:
            rows["guess"].append((player_id, riddle_id, "Loesungswort", "correct", at))
            value = scoring.riddle_value(points, wrong, costs)
            rows["solve"].append((player_id, riddle_id, value, at))
            written += 1
        elif outcome < 0.75:
            rows["reveal"].append((player_id, riddle_id, at))
    return rows


COLUMNS = {
    "player": ("id", "nickname", "nickname_key", "nickname_skeleton", "created_at"),
    "guess": ("player_id", "riddle_id", "text", "verdict", "created_at"),
    "hint_unlock": ("player_id", "hint_id", "unlocked_at"),
    "solve": ("player_id", "riddle_id", "points", "solved_at"),
    "reveal": ("player_id", "riddle_id", "revealed_at"),
}
TABLES = {
    "player": Player,
    "guess": Guess,
    "hint_unlock": HintUnlock,
    "solve": Solve,
    "reveal": Reveal,
}


def _naive(row: tuple) -> tuple:
    """Datetimes as the columns store them: naive UTC (SQLite: SQLAlchemy's text format)."""
    return tuple(
        v.astimezone(UTC).replace(tzinfo=None) if isinstance(v, datetime) else v for v in row
    )


def _sqlite_text(row: tuple) -> tuple:
    return tuple(
        v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v for v in _naive(row)
    )


def _bulk_insert(name: str, rows: list[tuple]) -> None:
    """Insert rows fast: COPY on PostgreSQL, one executemany per batch elsewhere."""
    table = TABLES[name].__table__.name
    columns = COLUMNS[name]
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        driver = connection.connection.driver_connection
        assert driver is not None  # None only once the connection is closed
        cursor = driver.cursor()
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(_naive(row))
        return
    marks = ", ".join("?" for _ in columns)
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    for start in range(0, len(rows), BATCH):
        connection.exec_driver_sql(sql, [_sqlite_text(r) for r in rows[start : start + BATCH]])


def generate(
    players: int,
    guesses: int,
    riddles: int,
    articles: int,
    now: datetime,
    seed: int = 7,
    quizzes: int = 3,
    partners: int = 1,
) -> Generated:
    """Write a synthetic history of this size (added to what the database already holds).

    With riddles=0 the new players play the riddles an earlier call generated. Quizzes go on
    the first articles made by this call (none without articles); partners whose key exists
    already are kept.
    """
    rng = random.Random(seed)
    made = _riddles(riddles, now) if riddles else _existing_riddles()
    result = Generated(riddles=len(made), articles=_articles(articles, made))
    db.session.flush()
    result.quizzes = _quizzes(min(quizzes, articles))
    result.partners = _partners(partners)
    first_player = _max_id(Player) + 1
    rows = _plan(made, players, guesses, first_player, now, rng)
    for name in ("player", "guess", "hint_unlock", "solve", "reveal"):
        _bulk_insert(name, rows[name])
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        # Explicit ids bypassed the sequence: move it past them.
        connection.exec_driver_sql(
            "SELECT setval(pg_get_serial_sequence('player', 'id'), "
            "(SELECT COALESCE(MAX(id), 1) FROM player))"
        )
    # COPY and executemany on the connection go past the session, so no listener sees
    # these rows (caching.listener, services.totals_listener): the one writer that rebuilds
    # the point totals and moves the points stamp itself.
    rebuild_all()
    stamps.bump(stamps.POINTS)
    db.session.commit()
    with db.engine.connect() as analyse:
        analyse.exec_driver_sql("ANALYZE")
        analyse.commit()
    result.players = len(rows["player"])
    result.guesses = len(rows["guess"])
    result.solves = len(rows["solve"])
    result.reveals = len(rows["reveal"])
    result.hint_unlocks = len(rows["hint_unlock"])
    return result
