"""The prize draw anyone can check (docs/rules.md, "Preisrätsel").

When the riddle goes live the site publishes SHA-256(seed) and keeps the seed. After the
close it draws: every entry id gets the score HMAC-SHA256(key=seed, message=the id in
decimal ASCII); entries sorted by score (then id) are the draw order, and the first N
eligible ones win. Then the seed and the entry ids are published, so anyone can recompute
the order with a few lines of code and see that nobody could have chosen it: the seed was
fixed (committed) before any entry existed, and the entries are fixed at the close.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Collection, Iterable

SEED_BYTES = 32


def new_seed() -> str:
    """A secret seed (64 hex digits)."""
    return secrets.token_hex(SEED_BYTES)


def commitment(seed: str) -> str:
    """What is published before the draw: SHA-256 of the seed's hex text, in hex."""
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


def score(seed: str, entry_id: int) -> str:
    """An entry's place in the draw: HMAC-SHA256(seed, "<id>") in hex."""
    return hmac.new(seed.encode("ascii"), str(entry_id).encode("ascii"), hashlib.sha256).hexdigest()


def draw_order(seed: str, entry_ids: Iterable[int]) -> list[int]:
    """Every entry id, in draw order."""
    return sorted(set(entry_ids), key=lambda entry_id: (score(seed, entry_id), entry_id))


def winners(
    seed: str, entry_ids: Iterable[int], count: int, excluded: Collection[int] = ()
) -> list[int]:
    """The first `count` entries in draw order that are not excluded (disqualified: a
    banned or flagged player, or a winner replaced by an audited redraw)."""
    if count < 0:
        raise ValueError("count must not be negative")
    return [entry for entry in draw_order(seed, entry_ids) if entry not in excluded][:count]
