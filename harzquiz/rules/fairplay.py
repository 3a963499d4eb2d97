"""Fair-play rules (pure): when a solve after a reveal is flagged, and what a banned player
earns. The services apply them (harzquiz.services.fairplay); docs/rules.md states them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

# A solve this soon after a reveal of the same riddle (or quiz question), from the same
# address or device, is flagged for the moderation desk.
FLAG_WINDOW = timedelta(minutes=30)

# Longest reason (rename, report) the desk and the report form take.
REASON_MAX = 200
REPORT_REASON_MAX = 500


@dataclass(frozen=True)
class Evidence:
    """Where a request came from, as far as fair play looks: a keyed hash of the client
    address and the signed device cookie's id (either may be unknown)."""

    address_hash: str | None = None
    device_id: str | None = None


@dataclass(frozen=True)
class Match:
    """Why a solve is flagged: the gap after the reveal and what matched."""

    gap_seconds: int
    address_match: bool
    device_match: bool


def match_reveal(
    revealed_at: datetime, seen: Evidence, solved_at: datetime, solver: Evidence
) -> Match | None:
    """The match between a reveal and a later solve, or None when it does not count: too late
    (or before the reveal), or neither the address nor the device is the same."""
    gap = solved_at - revealed_at
    if gap < timedelta(0) or gap > FLAG_WINDOW:
        return None
    address = seen.address_hash is not None and seen.address_hash == solver.address_hash
    device = seen.device_id is not None and seen.device_id == solver.device_id
    if not (address or device):
        return None
    return Match(int(gap.total_seconds()), address, device)


def earned_points(points: int, banned: bool) -> int:
    """What a solve or a right answer earns: nothing while the player is banned from scoring."""
    return 0 if banned else points
