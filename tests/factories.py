"""Test factories: make_riddle(**kw), make_player(**kw), make_article(**kw)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from harzquiz.extensions import db
from harzquiz.models import Article, Hint, Partner, Player, Riddle, Solve
from harzquiz.services.accounts import set_password
from harzquiz.services.partners import new_embed_key

# Wednesday of a week: a riddle published on Monday is live, last week's is closed.
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
# The suite's SECRET_KEY: the test apps and the app servers they start sign the same
# cookies, and servers (not TESTING) refuse keys shorter than 32 bytes.
TEST_SECRET_KEY = "test-secret-shared-by-the-suite-and-its-app-servers"
MONDAY = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)  # Monday 06:00 Europe/Berlin

_serial = count(1)


def make_riddle(**overrides) -> Riddle:
    """A live riddle (Kugelgrill) unless overridden; hints as (text, cost) pairs."""
    n = next(_serial)
    hints = overrides.pop("hints", [("Er hat einen Deckel.", 20), ("Er ist rund.", 30)])
    values = {
        "slug": f"raetsel-{n}",
        "title": f"Rätsel {n}",
        "question": "Aus einer Boje entwickelt – was ist es?",
        "solution": "Kugelgrill",
        "explanation": "1952 aus einer halben Boje gebaut.",
        "alternatives": ["Weber-Grill", "Weber-Kugelgrill"],
        "near_misses": [{"phrase": "Grill", "nudge": "Welcher Grill genau?"}],
        "points": 100,
        "publish_at": MONDAY,
        "closes_at": MONDAY + timedelta(days=7),
    }
    values.update(overrides)
    riddle = Riddle(**values)
    riddle.hints = [Hint(position=i, text=t, cost=c) for i, (t, c) in enumerate(hints, start=1)]
    db.session.add(riddle)
    db.session.commit()
    return riddle


def make_closed_riddle(**overrides) -> Riddle:
    """Last week's riddle, closed since Monday."""
    overrides.setdefault("publish_at", MONDAY - timedelta(days=7))
    overrides.setdefault("closes_at", MONDAY)
    overrides.setdefault("solution", "Brocken")
    overrides.setdefault("alternatives", ["Blocksberg"])
    overrides.setdefault("near_misses", [])
    return make_riddle(**overrides)


def make_player(**overrides) -> Player:
    """A guest player with a unique nickname."""
    player = Player(nickname=overrides.pop("nickname", f"Spieler-{next(_serial)}"), **overrides)
    db.session.add(player)
    db.session.commit()
    return player


PASSWORD = "harz-passwort-123"


def make_account(role: str = "reader", password: str = PASSWORD, **overrides) -> Player:
    """A registered player (email + password) with the given role."""
    n = next(_serial)
    overrides.setdefault("nickname", f"Konto-{n}")
    overrides.setdefault("email", f"konto{n}@example.org")
    player = Player(role=role, **overrides)
    set_password(player, password)
    db.session.add(player)
    db.session.commit()
    return player


def make_solve(player: Player, riddle: Riddle, points: int, solved_at: datetime) -> Solve:
    """A recorded solve (as if the player had guessed right at `solved_at`)."""
    solve = Solve(player_id=player.id, riddle_id=riddle.id, points=points, solved_at=solved_at)
    db.session.add(solve)
    db.session.commit()
    return solve


def make_article(**overrides) -> Article:
    """A published article."""
    n = next(_serial)
    values = {
        "slug": f"artikel-{n}",
        "kicker": "Goslar · Harz",
        "title": f"Artikel {n}",
        "teaser": "Ein Teaser.",
        "body_markdown": "## Zwischentitel\n\nText.",
        "author_name": "Konrad I. Schneider",
        "author_bio": "Freier Redakteur.",
        "published_at": MONDAY,
        "sources_count": 19,
        "social_comments_count": 125,
        "forum_posts_count": 47,
    }
    values.update(overrides)
    article = Article(**values)
    db.session.add(article)
    db.session.commit()
    return article


def make_partner(**overrides) -> Partner:
    """An enabled partner site allowed to frame embeds from https://zeitung.example."""
    n = next(_serial)
    values = {
        "name": f"Zeitung {n}",
        "enabled": True,
        "origins": ["https://zeitung.example"],
        "accent": "#aa3300",
        "scheme": "light",
        "embed_key": new_embed_key(),
    }
    values.update(overrides)
    partner = Partner(**values)
    db.session.add(partner)
    db.session.commit()
    return partner
