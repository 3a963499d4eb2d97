"""Guard: the app and the tests read time only through harzquiz.clock.

A test that builds data from the wall clock but acts through the app's frozen clock (or the
other way round) passes on the day it is written and fails later (CI was red from
2026-11-26 for that reason). So the app reads the time only in harzquiz/clock.py, tests use
the frozen clock (tests.factories.NOW), and app servers started by tests share it through
HARZQUIZ_NOW (tests/live.py).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WALL_CLOCK = re.compile(
    r"\b(?:datetime\.(?:now|utcnow|today)|date\.today|time\.time|time\.localtime)\s*\("
)
ALLOWED = {Path("harzquiz/clock.py"), Path("tests/unit/test_clock_discipline.py")}


def wall_clock_reads(folders: tuple[str, ...]) -> list[str]:
    """`path:line: code` for every wall-clock read in the given folders' Python files."""
    found = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if relative in ALLOWED:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line):
                    found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_nothing_but_the_clock_module_reads_the_wall_clock():
    assert wall_clock_reads(("harzquiz", "tests")) == []


def test_the_guard_finds_a_wall_clock_read(tmp_path, monkeypatch):
    sample = tmp_path / "harzquiz"
    sample.mkdir()
    (sample / "late.py").write_text("from datetime import datetime\nx = datetime.now()\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert wall_clock_reads(("harzquiz",)) == ["harzquiz/late.py:2: x = datetime.now()"]


def test_app_servers_started_by_tests_share_the_frozen_clock():
    from tests.factories import NOW
    from tests.live import server_environment

    assert server_environment("sqlite://")["HARZQUIZ_NOW"] == NOW.isoformat()
