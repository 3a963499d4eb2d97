"""The demo crossword about the Harz: seeded live, valid, laid out by the rules, idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from harzquiz.cli.demo import seed_demo
from harzquiz.cli.demo_crossword import SLUG, WORDS, demo_grid
from harzquiz.extensions import db
from harzquiz.models import Crossword
from harzquiz.rules.crossword_grid import crossword_letters, validate
from harzquiz.rules.lifecycle import Status, riddle_status
from tests.factories import NOW


def demo_crossword() -> Crossword:
    return db.session.execute(sa.select(Crossword).where(Crossword.slug == SLUG)).scalar_one()


def test_demo_crossword_is_seeded_live_and_valid(app):
    seed_demo(NOW)
    crossword = demo_crossword()
    assert riddle_status(crossword.publish_at, crossword.closes_at, NOW) is Status.LIVE
    grid = crossword.grid
    assert validate(grid) == []
    assert grid.width <= 15 and grid.height <= 15
    assert grid.solution_word() == "HARZREISE"
    answers = {entry.answer for entry in grid.entries}
    assert {"BROCKEN", "GOSLAR", "HEXENTANZPLATZ", "BODE", "HARZERROLLER"} <= answers
    assert answers == {crossword_letters(answer) for answer, _ in WORDS}  # every word placed
    assert all(entry.clue for entry in grid.entries)


def test_demo_grid_is_the_same_every_time(app):
    assert demo_grid() == demo_grid()


def test_seeding_again_keeps_the_editors_crossword(app):
    seed_demo(NOW)
    crossword = demo_crossword()
    crossword.title = "Von der Redaktion geändert"
    db.session.commit()
    seed_demo(NOW)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Crossword)) == 1
    assert demo_crossword().title == "Von der Redaktion geändert"
