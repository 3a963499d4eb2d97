"""The crossword's browser tests run on their own server and database: they solve the demo
crossword (points on the boards) and log in, which the reader tests beside this package
must not see."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import pytest

from harzquiz.cli.demo import seed_demo
from harzquiz.cli.demo_crossword import SLUG, demo_grid
from harzquiz.rules.crossword_grid import Cell, Direction, Entry
from tests.browser.conftest import LiveServer, serve
from tests.crossword_factories import make_crossword
from tests.factories import MONDAY, NOW

CLOSED_SLUG = "altes-kreuzwort"


def prepare() -> None:
    """The demo content, and a crossword closed last week (its solution is public)."""
    seed_demo(NOW)
    make_crossword(
        slug=CLOSED_SLUG,
        publish_at=MONDAY - timedelta(days=14),
        closes_at=MONDAY - timedelta(days=7),
    )


@pytest.fixture(scope="package")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The demo site (its crossword live this week); limits out of the way."""
    with serve(tmp_path_factory.mktemp("crossword-db"), prepare) as server:
        server.app.config["LOGIN_LIMIT_PER_IP"] = "1000/minute"
        server.app.config["LOGIN_LIMIT_PER_ADDRESS_AND_EMAIL"] = "1000/minute"
        yield server


@dataclass(frozen=True)
class Demo:
    """The demo crossword as the tests need it: entries in clue-list order, right letters."""

    slug: str
    entries: list[Entry]
    letters: dict[Cell, str]

    def cell_id(self, cell: Cell) -> str:
        return f"#xw-{self.slug}-{cell[0]}-{cell[1]}"

    def entry(self, label: str) -> Entry:
        return next(e for e in self.entries if e.label == label)


@pytest.fixture(scope="package")
def demo() -> Demo:
    grid = demo_grid()
    ordered = [e for d in Direction for e in grid.entries if e.direction is d]
    return Demo(slug=SLUG, entries=ordered, letters=grid.letters())
