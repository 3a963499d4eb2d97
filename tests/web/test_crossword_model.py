"""The crossword models: the grid round-trips through JSON; one progress row per player."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Crossword, CrosswordProgress
from harzquiz.rules.crossword_grid import validate
from harzquiz.rules.lifecycle import Status, riddle_status
from tests.crossword_factories import SOLUTION, make_crossword
from tests.factories import NOW, make_player


def test_grid_round_trips_and_is_valid(app):
    crossword = make_crossword()
    db.session.expire_all()
    stored = db.session.get(Crossword, crossword.id)
    assert stored is not None
    grid = stored.grid
    assert validate(grid) == []
    assert grid.solution_word() == SOLUTION
    assert {entry.answer for entry in grid.entries} >= {"BROCKEN", "HARZERROLLER"}


def test_follows_the_riddle_lifecycle(app):
    live = make_crossword()
    assert riddle_status(live.publish_at, live.closes_at, NOW) is Status.LIVE
    draft = make_crossword(publish_at=None)
    assert riddle_status(draft.publish_at, draft.closes_at, NOW) is Status.DRAFT


def test_one_progress_row_per_player_and_crossword(app):
    crossword, player = make_crossword(), make_player()
    db.session.add(CrosswordProgress(crossword_id=crossword.id, player_id=player.id))
    db.session.commit()
    db.session.add(CrosswordProgress(crossword_id=crossword.id, player_id=player.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_size_is_capped_at_fifteen(app):
    crossword = make_crossword()
    crossword.width = 16
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_deleting_a_crossword_deletes_progress(app):
    crossword, player = make_crossword(), make_player()
    db.session.add(CrosswordProgress(crossword_id=crossword.id, player_id=player.id))
    db.session.commit()
    db.session.delete(crossword)
    db.session.commit()
    assert db.session.query(CrosswordProgress).count() == 0
