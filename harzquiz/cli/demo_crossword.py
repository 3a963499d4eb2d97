"""The demo crossword: "Rund um den Harz", laid out by the placement algorithm.

Its own module so demo.py stays readable; `seed_demo` calls `upsert_demo_crossword`.
The grid is not stored here: the rules lay it out from the answer-clue pairs (the same
words always give the same grid), and the marked cells spell the Lösungswort HARZREISE
(Heinrich Heine's "Die Harzreise", 1826).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Crossword
from harzquiz.rules.crossword_grid import Grid, validate
from harzquiz.rules.crossword_layout import lay_out, mark_word

SLUG = "kreuzwortraetsel-rund-um-den-harz"
SOLUTION = "Harzreise"
WORDS = [
    ("Brocken", "Höchster Berg des Harzes, 1141 Meter"),
    ("Goslar", "Kaiserstadt am Rammelsberg"),
    ("Hexentanzplatz", "Felsplateau hoch über Thale"),
    ("Bode", "Fluss, der sich unter der Roßtrappe durch ein tiefes Tal windet"),
    ("Harzer Roller", "Singender Kanarienvogel aus dem Oberharz"),
    ("Okertal", "Tal mit Talsperre südlich von Goslar"),
    ("Luchs", "Raubkatze, seit dem Jahr 2000 wieder im Harz heimisch"),
    ("Fichte", "Häufigster Baum im Oberharz"),
    ("Torfhaus", "Ort mit Blick auf den Brocken und dem Besucherzentrum des Nationalparks"),
    ("Stempel", "Er kommt für die Harzer Wandernadel ins Heft"),
    ("Schierke", "Ort am Brocken, an dem die Brockenbahn hält"),
    ("Hexe", "Sie reitet in der Walpurgisnacht auf den Blocksberg"),
    ("Thale", "Stadt am Ausgang des Bodetals"),
    ("Elend", "Ort im Oberharz mit einer der kleinsten Holzkirchen Deutschlands"),
    ("Sage", "Überlieferte Erzählung, etwa von der Roßtrappe"),
    ("Erz", "Das holten die Bergleute aus dem Rammelsberg"),
]
INTRO = (
    "Berge, Orte und Sagen rund um den Harz. Die markierten Felder ergeben das "
    "Lösungswort. Ä, Ö und Ü stehen in einem Feld, ß wird zu SS."
)


def demo_grid() -> Grid:
    """The demo grid: the words laid out, the Lösungswort's cells marked (checked valid)."""
    layout = lay_out(WORDS)
    marked = mark_word(layout.grid, SOLUTION)
    if layout.unplaced or marked is None:
        raise RuntimeError(f"the demo crossword no longer lays out: {layout.unplaced}")
    grid = replace(layout.grid, marked=marked)
    problems = validate(grid)
    if problems:
        raise RuntimeError(f"the demo crossword is not valid: {problems}")
    return grid


def upsert_demo_crossword(publish_at: datetime, closes_at: datetime) -> Crossword:
    """Create the demo crossword once; an existing slug is left as the editors have it."""
    crossword = db.session.scalar(sa.select(Crossword).where(Crossword.slug == SLUG))
    if crossword is not None:
        return crossword
    crossword = Crossword(
        slug=SLUG,
        title="Kreuzworträtsel der Woche: Rund um den Harz",
        intro=INTRO,
        points=100,
        is_prize=False,
        publish_at=publish_at,
        closes_at=closes_at,
    )
    crossword.grid = demo_grid()
    db.session.add(crossword)
    return crossword
