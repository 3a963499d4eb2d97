"""The fair-play rules: which reveal-then-solve pairs are flagged, and what a ban earns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from harzquiz.rules.fairplay import FLAG_WINDOW, Evidence, Match, earned_points, match_reveal

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
HOME = Evidence(address_hash="a1", device_id="d1")


@pytest.mark.parametrize(
    ("gap", "solver", "expected"),
    [
        (timedelta(0), HOME, Match(0, True, True)),
        (timedelta(minutes=5), Evidence("a1", "d2"), Match(300, True, False)),
        (timedelta(minutes=5), Evidence("a2", "d1"), Match(300, False, True)),
        (timedelta(minutes=5), Evidence("a1", None), Match(300, True, False)),
        (FLAG_WINDOW, HOME, Match(1800, True, True)),  # the edge still counts
        (FLAG_WINDOW + timedelta(seconds=1), HOME, None),  # too late
        (-timedelta(seconds=1), HOME, None),  # a solve before the reveal
        (timedelta(minutes=5), Evidence("a2", "d2"), None),  # another household
        (timedelta(minutes=5), Evidence(None, None), None),  # nothing known
    ],
)
def test_match_reveal(gap, solver, expected):
    assert match_reveal(T0, HOME, T0 + gap, solver) == expected


def test_unknown_evidence_never_matches_unknown():
    unknown = Evidence(None, None)
    assert match_reveal(T0, unknown, T0, unknown) is None


@pytest.mark.parametrize(("points", "banned", "earned"), [(100, False, 100), (100, True, 0)])
def test_earned_points(points, banned, earned):
    assert earned_points(points, banned) == earned
