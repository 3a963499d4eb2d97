"""Demo content: the seed article with its riddle of the week and its quiz, the weekly
crossword (`demo_crossword`), an archive, and a leaderboard."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from harzquiz.cli.demo_crossword import upsert_demo_crossword
from harzquiz.extensions import db
from harzquiz.models import Article, Guess, Hint, Player, Quiz, Riddle, Solve
from harzquiz.rules import scoring
from harzquiz.rules.lifecycle import week_start
from harzquiz.services.quiz_editing import QuestionSpec, build_question

EINHARZ_BODY = """\
## Kommunalzusammenarbeit im Harz: Eine Erfolgsgeschichte

Die Zusammenarbeit von 18 Bürgermeistern aus dem Harz, die vor zehn Jahren die Initiative \
„EinHarz“ gründeten, hat einen bemerkenswerten Fortschritt erzielt. Unter der Führung des \
ehemaligen Oberbürgermeisters von Goslar, Oliver Junk, steht die Initiative für die \
grenzüberschreitende Förderung der gesamten Harzregion. Ihr Ziel, den Harz als zusammenhängende \
und dynamische Einheit zu präsentieren, ohne administrative Grenzen, hat zu positiven \
Entwicklungen in der Region geführt.

Was als provokante Idee eines länderübergreifenden „Ein-Harz-Landkreises“ begann, hat \
mittlerweile rund 80 Partner, darunter Harzer Kommunen, Unternehmen, Verbände und Hochschulen, \
vereint. Die regelmäßigen Treffen und gemeinsamen Planungen haben zu einem engen Netzwerk \
zwischen den Kommunalpolitikern aus verschiedenen Teilen des Harzes geführt.

Trotz einiger gescheiterter Ideen, wie einem geplanten Harzring oder einer Imagekampagne, die \
an finanziellen Hürden scheiterten, konnten Projekte wie das „eCarSharing Harz“ und die \
Digitalisierungsoffensive „HARZlocal“ erfolgreich umgesetzt werden. Diese Projekte tragen dazu \
bei, die Infrastruktur im Harz zu verbessern und die Attraktivität der Region zu steigern.

## Demografischer Wandel als Herausforderung und Chance

Die demografische Entwicklung stellt die Kommunen im Harz vor große Herausforderungen. Sinkende \
Einwohnerzahlen, knappe Kassen und ein steigender Bedarf an qualifiziertem Personal erfordern \
eine verstärkte Kooperation zwischen den Kommunen. „EinHarz“ fungiert als Plattform für diese \
Zusammenarbeit und hat in den letzten Jahren ein starkes Fundament des Vertrauens zwischen den \
Beteiligten geschaffen.

Trotz der aktuellen Herausforderungen bleibt Oliver Junk optimistisch für die Zukunft des \
Harzes. Die fortlaufende Arbeit an neuen Projekten, wie der Digitalisierungsoffensive \
„HARZlocal“, die darauf abzielt, die Innenstädte attraktiver zu gestalten, zeigt das Engagement \
und die Innovationskraft der Harzer Gemeinden. Durch gemeinsame Anstrengungen und eine effektive \
Kommunalzusammenarbeit kann der Harz seine Wettbewerbsfähigkeit stärken und eine nachhaltige \
Entwicklung sicherstellen.
"""

KUGELGRILL = {
    "slug": "boje-gartenparty",
    "title": "Aus einer Boje entstanden",
    "question": (
        "Ursprünglich wurde es in den 1950er Jahren aus einer Boje entwickelt! Seither ist es "
        "ein fester Bestandteil jeder Gartenparty und das Herzstück jeder geselligen Runde im "
        "Freien. Was ist es?"
    ),
    "solution": "Kugelgrill",
    "explanation": (
        "1952 schnitt George Stephen, Schweißer bei Weber Brothers Metal Works in Chicago, eine "
        "metallene Boje in zwei Hälften, setzte Beine und einen Rost ein und baute so den ersten "
        "Weber-Kugelgrill. Der Deckel hielt Wind und Regen ab – die Grillparty war erfunden."
    ),
    "alternatives": ["Weber-Grill", "Weber-Kugelgrill", "Holzkohle-Kugelgrill", "Kettle-Grill"],
    "near_misses": [
        {
            "phrase": "Grill",
            "nudge": "Schon ziemlich heiß! Aber welcher Grill genau? Denk an die Form der Boje.",
        },
        {"phrase": "Holzkohlegrill", "nudge": "Fast! Welche Form hat er – wie eine halbe Boje?"},
    ],
    "hints": [
        ("Es hat einen Deckel und steht meist auf drei Beinen.", 20),
        ("Die Boje wurde in der Mitte geteilt – daher die runde Form.", 30),
    ],
}

PAST_RIDDLES: list[dict] = [
    {
        "slug": "brocken-hexen",
        "title": "Tanz auf dem Gipfel",
        "question": "Auf welchem Berg tanzen der Sage nach in der Walpurgisnacht die Hexen?",
        "solution": "Brocken",
        "explanation": "Der Brocken (1141 m) ist der höchste Berg des Harzes; Goethe machte die "
        "Walpurgisnacht auf dem Blocksberg im „Faust“ berühmt.",
        "alternatives": ["Blocksberg"],
        "near_misses": [{"phrase": "Wurmberg", "nudge": "Hoch, aber nicht hoch genug."}],
        "hints": [("Er ist der höchste Berg im Harz.", 20)],
    },
    {
        "slug": "rammelsberg-erz",
        "title": "Tausend Jahre unter Tage",
        "question": "Welches Bergwerk bei Goslar ist seit 1992 UNESCO-Welterbe?",
        "solution": "Rammelsberg",
        "explanation": "Im Rammelsberg wurde über 1000 Jahre lang Erz abgebaut, bis 1988.",
        "alternatives": ["Erzbergwerk Rammelsberg"],
        "near_misses": [],
        "hints": [("Sein Name enthält einen „Berg“.", 20)],
    },
    {
        "slug": "harzer-schmalspur",
        "title": "Dampf zum Gipfel",
        "question": "Wie heißt die Schmalspurbahn, die mit Dampf auf den Brocken fährt?",
        "solution": "Brockenbahn",
        "explanation": "Die Brockenbahn gehört zu den Harzer Schmalspurbahnen (HSB).",
        "alternatives": ["Harzer Schmalspurbahn", "HSB", "Harzquerbahn"],
        "near_misses": [
            {"phrase": "Dampflok", "nudge": "Richtig gedacht – aber wie heißt die Bahn?"}
        ],
        "hints": [],
    },
]

EINHARZ_QUIZ = {
    "slug": "einharz-quiz",
    "title": "Zehn Jahre EinHarz – wie gut hast du gelesen?",
    "intro": "Sechs Fragen zum Artikel über die grenzüberschreitende Kooperation im Harz. "
    "Jede richtige Antwort im ersten Durchgang bringt 10 Punkte für die Rangliste.",
    "questions": [
        {
            "kind": "number",
            "prompt": "Wie viele Bürgermeister gründeten vor zehn Jahren die Initiative EinHarz?",
            "number": 18,
            "tolerance": 2,
            "explanation": "18 Bürgermeister aus dem Harz gründeten EinHarz – über die Grenzen "
            "von Niedersachsen, Sachsen-Anhalt und Thüringen hinweg.",
        },
        {
            "kind": "number",
            "prompt": "Wie viele Partner vereint EinHarz heute ungefähr?",
            "number": 80,
            "tolerance": 10,
            "explanation": "Rund 80 Partner: Harzer Kommunen, Unternehmen, Verbände und "
            "Hochschulen.",
        },
        {
            "kind": "single",
            "prompt": "Wer steht als ehemaliger Oberbürgermeister von Goslar an der Spitze "
            "der Initiative?",
            "choices": [
                ("Konrad I. Schneider", False),
                ("Oliver Junk", True),
                ("George Stephen", False),
            ],
            "explanation": "Oliver Junk, früher Oberbürgermeister von Goslar, führt EinHarz – "
            "und bleibt optimistisch für die Zukunft des Harzes.",
        },
        {
            "kind": "multiple",
            "prompt": "Welche Projekte hat EinHarz erfolgreich umgesetzt?",
            "choices": [
                ("eCarSharing Harz", True),
                ("Ein geplanter Harzring", False),
                ("Die Digitalisierungsoffensive HARZlocal", True),
                ("Eine gemeinsame Imagekampagne", False),
            ],
            "explanation": "eCarSharing Harz und HARZlocal wurden umgesetzt; Harzring und "
            "Imagekampagne scheiterten an finanziellen Hürden.",
        },
        {
            "kind": "true_false",
            "prompt": "Der geplante Harzring ist inzwischen gebaut.",
            "truth": False,
            "explanation": "Stimmt nicht: Der Harzring gehört zu den Ideen, die an "
            "finanziellen Hürden scheiterten.",
        },
        {
            "kind": "text",
            "prompt": "Wie heißt die Digitalisierungsoffensive, die die Innenstädte im Harz "
            "attraktiver machen soll?",
            "solution": "HARZlocal",
            "alternatives": ["Harz lokal"],
            "explanation": "HARZlocal soll die Harzer Innenstädte digital stärken und "
            "attraktiver machen.",
        },
    ],
}

DEMO_PLAYERS = [
    ("Hexe vom Brocken", 3),
    ("Goslarer Grillmeister", 2),
    ("Okertal-Fuchs", 2),
    ("Bodetal Bea", 1),
    ("Wernigeröder", 1),
]


def _upsert_riddle(data: dict, publish_at: datetime, closes_at: datetime | None) -> Riddle:
    """Create the riddle once; an existing slug is left as the editors have it."""
    riddle = db.session.scalar(sa.select(Riddle).where(Riddle.slug == data["slug"]))
    if riddle is not None:
        return riddle
    riddle = Riddle(
        slug=data["slug"],
        title=data["title"],
        question=data["question"],
        solution=data["solution"],
        explanation=data["explanation"],
        alternatives=data["alternatives"],
        near_misses=data["near_misses"],
        points=100,
        publish_at=publish_at,
        closes_at=closes_at,
    )
    riddle.hints = [
        Hint(position=i, text=text, cost=cost) for i, (text, cost) in enumerate(data["hints"], 1)
    ]
    db.session.add(riddle)
    db.session.flush()
    return riddle


def _record_play(player: Player, riddle: Riddle, wrong: int, solved_at: datetime | None) -> None:
    """Guesses (and a solve, if `solved_at`) as real play would have stored them."""
    assert riddle.publish_at is not None  # every demo riddle is scheduled
    started = riddle.publish_at + timedelta(minutes=5)
    for n in range(wrong):
        db.session.add(
            Guess(
                player_id=player.id,
                riddle_id=riddle.id,
                text="Harz",
                verdict="wrong",
                created_at=started + timedelta(minutes=n),
            )
        )
    if solved_at is None:
        return
    db.session.add(
        Guess(
            player_id=player.id,
            riddle_id=riddle.id,
            text=riddle.solution,
            verdict="correct",
            created_at=solved_at,
        )
    )
    db.session.add(
        Solve(
            player_id=player.id,
            riddle_id=riddle.id,
            solved_at=solved_at,
            points=scoring.riddle_value(riddle.points, wrong, []),
        )
    )


def _play_history(player: Player, current: Riddle, past: list[Riddle], solved: int, now) -> None:
    """A demo player solved the `solved` most recent past riddles and tried the others.

    Keen players solved this week's riddle too, so the default (weekly) board is not empty.
    """
    seed = len(player.nickname)
    for age, riddle in enumerate(past, start=1):
        assert riddle.publish_at is not None  # every demo riddle is scheduled
        solved_at = riddle.publish_at + timedelta(hours=age * 3 + seed % 5)
        _record_play(
            player, riddle, wrong=(seed + age) % 3, solved_at=solved_at if age <= solved else None
        )
    assert current.publish_at is not None
    if solved >= 2 and now > current.publish_at:
        share = seed % 7 + 1
        solved_at = current.publish_at + (now - current.publish_at) * share / 8
        _record_play(player, current, wrong=share % 3, solved_at=solved_at)


def _upsert_quiz(data: dict, article: Article, publish_at: datetime, closes_at: datetime) -> Quiz:
    """Create the quiz once; an existing slug is left as the editors have it."""
    quiz = db.session.scalar(sa.select(Quiz).where(Quiz.slug == data["slug"]))
    if quiz is not None:
        return quiz
    quiz = Quiz(
        slug=data["slug"],
        article_id=article.id,
        title=data["title"],
        intro=data["intro"],
        publish_at=publish_at,
        closes_at=closes_at,
    )
    quiz.questions = [
        build_question(position, QuestionSpec.from_dict(item))
        for position, item in enumerate(data["questions"], start=1)
    ]
    db.session.add(quiz)
    return quiz


def seed_demo(now: datetime) -> dict:
    """Create the demo content if missing (idempotent); returns what exists afterwards."""
    this_week = week_start(now)  # Monday 00:00 Berlin: the demo riddle is live all week
    current = _upsert_riddle(KUGELGRILL, this_week, this_week + timedelta(days=7))
    past = [
        _upsert_riddle(
            data, this_week - timedelta(days=7 * n), this_week - timedelta(days=7 * (n - 1))
        )
        for n, data in enumerate(PAST_RIDDLES, start=1)
    ]
    if db.session.scalar(sa.select(Article).where(Article.slug == "einharz-10-jahre")) is None:
        db.session.add(
            Article(
                slug="einharz-10-jahre",
                kicker="Goslar · Harz",
                title=(
                    "EinHarz: 10 Jahre grenzüberschreitende Kooperation im Harz – "
                    "Eine Erfolgsgeschichte?"
                ),
                teaser="18 Bürgermeister, rund 80 Partner, ein Ziel: den Harz als Einheit denken. "
                "Eine Bilanz nach zehn Jahren.",
                body_markdown=EINHARZ_BODY,
                author_name="Konrad I. Schneider",
                author_bio="Mit einem Portfolio, das mehr als zwei Jahrzehnte Berufserfahrung "
                "umfasst, ist der freie Redakteur und Journalist Konrad I. Schneider ein fester "
                "Bestandteil "
                "der deutschen Medienlandschaft.",
                published_at=this_week,
                sources_count=19,
                social_comments_count=125,
                forum_posts_count=47,
                riddle_id=current.id,
            )
        )
    article = db.session.execute(
        sa.select(Article).where(Article.slug == "einharz-10-jahre")
    ).scalar_one()  # added just above if it was missing
    _upsert_quiz(EINHARZ_QUIZ, article, this_week, this_week + timedelta(days=28))
    upsert_demo_crossword(this_week, this_week + timedelta(days=7))  # live all week
    for nickname, solved in DEMO_PLAYERS:
        if db.session.scalar(sa.select(Player).where(Player.nickname == nickname)) is None:
            player = Player(nickname=nickname, created_at=this_week - timedelta(days=30))
            db.session.add(player)
            db.session.flush()
            _play_history(player, current, past, solved, now)
    db.session.commit()
    return {
        "riddles": db.session.scalar(sa.select(sa.func.count()).select_from(Riddle)),
        "articles": db.session.scalar(sa.select(sa.func.count()).select_from(Article)),
        "players": db.session.scalar(sa.select(sa.func.count()).select_from(Player)),
    }
