"""The riddle or quiz an action looks up is kept per process until the content stamp moves."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from harzquiz.caching import stamps as cache
from harzquiz.extensions import db
from harzquiz.models import CacheVersion, Hint, Quiz, Riddle
from tests.clients import Reader
from tests.factories import make_riddle
from tests.helpers import text_of, verdict_of
from tests.quiz_factories import make_quiz


@pytest.fixture
def app_config(app_config):
    # An hour: within these tests only the content stamp can drop a kept riddle.
    return {**app_config, "PAGE_CACHE_SECONDS": 3600}


def content_stamp(app) -> str:
    # Read on a connection of its own: requests run in app contexts of their own, and `g` of
    # the test's context would keep its first read (a guess's stamp change would not show).
    with db.engine.connect() as connection:
        return connection.scalar(
            sa.select(CacheVersion.token).where(CacheVersion.name == cache.CONTENT)
        )


def test_any_orm_write_to_a_riddle_or_hint_moves_the_content_stamp(app):
    riddle = make_riddle()
    before = content_stamp(app)
    riddle.title = "Neuer Titel"
    db.session.commit()
    after_riddle = content_stamp(app)
    db.session.get(Hint, riddle.hints[0].id).text = "Ein neuer Tipp."
    db.session.commit()
    assert len({before, after_riddle, content_stamp(app)}) == 3


def test_a_write_to_players_leaves_the_content_stamp(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    before = content_stamp(app)
    assert verdict_of(reader.guess(riddle.slug, "Boje").get_data(as_text=True)) == "wrong"
    assert content_stamp(app) == before  # guesses do not throw away the kept riddles


def test_the_riddle_is_kept_while_the_stamp_stays(app, reader):
    riddle = make_riddle(solution="Kugelgrill")
    reader.open(f"/raetsel/{riddle.slug}")
    assert verdict_of(reader.guess(riddle.slug, "Boje").get_data(as_text=True)) == "wrong"
    # Written past the app (raw SQL, no stamp): the kept riddle still judges, proof it is kept.
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(Riddle.__table__).where(Riddle.id == riddle.id).values(solution="Boje")
        )
    assert verdict_of(reader.guess(riddle.slug, "Boje!").get_data(as_text=True)) == "wrong"


def test_a_corrected_solution_judges_the_very_next_guess(app, reader):
    riddle = make_riddle(solution="Kugelgrill", alternatives=[], near_misses=[])
    reader.open(f"/raetsel/{riddle.slug}")
    assert verdict_of(reader.guess(riddle.slug, "Boje").get_data(as_text=True)) == "wrong"
    riddle.solution = "Boje"  # through the ORM, without calling content_changed()
    db.session.commit()
    assert verdict_of(reader.guess(riddle.slug, "Boje").get_data(as_text=True)) == "correct"


def test_a_refused_action_does_not_spoil_the_kept_riddle_for_others(app, client, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje")
    repeated = reader.guess(riddle.slug, "Boje")  # judged, not stored: rolled back
    assert repeated.status_code == 200
    other = Reader(app.test_client())
    other.open(f"/raetsel/{riddle.slug}")
    answer = other.guess(riddle.slug, "Grill").get_data(as_text=True)
    assert verdict_of(answer) == "close"
    page = other.client.get(f"/raetsel/{riddle.slug}").get_data(as_text=True)
    assert "Tipp 1 freischalten (kostet 20 Punkte)" in page  # the kept hints are intact


def test_a_quiz_is_kept_while_the_stamp_stays_and_dropped_by_an_orm_write(app, client):
    quiz = make_quiz(title="Alter Quiztitel")
    assert "Alter Quiztitel" in text_of(client.get(f"/quiz/{quiz.slug}"))
    with db.engine.begin() as connection:  # past the app: the kept quiz stays
        connection.execute(sa.update(Quiz.__table__).where(Quiz.id == quiz.id).values(title="Roh"))
    assert "Alter Quiztitel" in text_of(client.get(f"/quiz/{quiz.slug}"))
    kept = db.session.get(Quiz, quiz.id)
    kept.title = "Neuer Quiztitel"  # through the ORM, without calling content_changed()
    db.session.commit()
    assert "Neuer Quiztitel" in text_of(client.get(f"/quiz/{quiz.slug}"))
