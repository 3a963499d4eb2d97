"""Test factories for crosswords: make_crossword(**kw), a small live grid laid out by the rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from itertools import count

from harzquiz.extensions import db
from harzquiz.models import Crossword
from harzquiz.rules.crossword_layout import lay_out, mark_word
from tests.factories import MONDAY

_serial = count(1)

WORDS = [
    ("Brocken", "Höchster Berg des Harzes"),
    ("Goslar", "Kaiserstadt an der Gose"),
    ("Bode", "Fluss durch Thale"),
    ("Hexe", "Sie reitet in der Walpurgisnacht"),
    ("Harzer Roller", "Singender Kanarienvogel"),
]
SOLUTION = "HARZ"


def make_crossword(**overrides) -> Crossword:
    """A live crossword (this week) of WORDS, its marked cells spelling SOLUTION."""
    n = next(_serial)
    layout = lay_out(overrides.pop("words", WORDS))
    assert not layout.problems and not layout.unplaced, layout
    grid = layout.grid
    marked = mark_word(grid, overrides.pop("solution", SOLUTION)) or ()
    values = {
        "slug": f"kreuzwort-{n}",
        "title": f"Kreuzworträtsel {n}",
        "intro": "Rund um den Harz.",
        "points": 100,
        "publish_at": MONDAY,
        "closes_at": MONDAY + timedelta(days=7),
    }
    values.update(overrides)
    crossword = Crossword(**values)
    crossword.grid = replace(grid, marked=tuple(marked))
    db.session.add(crossword)
    db.session.commit()
    return crossword
