"""The prize draw: commitment, order and winners, recomputed independently here."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harzquiz.rules.prize_draw import commitment, draw_order, new_seed, score, winners

SEED = "00" * 31 + "2a"


def independent_order(seed: str, ids: list[int]) -> list[int]:
    """The draw as a reader would recompute it from the published seed and ids."""
    key = seed.encode()
    return sorted(
        ids, key=lambda i: (hmac.new(key, str(i).encode(), hashlib.sha256).hexdigest(), i)
    )


def test_the_commitment_is_sha256_of_the_seed():
    assert commitment(SEED) == hashlib.sha256(SEED.encode()).hexdigest()
    assert len(new_seed()) == 64 and new_seed() != new_seed()


def test_a_known_draw():
    # Fixed numbers, so a change of the published rule cannot go unnoticed.
    assert score(SEED, 1) == hmac.new(SEED.encode(), b"1", hashlib.sha256).hexdigest()
    assert draw_order(SEED, [1, 2, 3, 4, 5]) == independent_order(SEED, [1, 2, 3, 4, 5])
    assert winners(SEED, [5, 4, 3, 2, 1], 2) == independent_order(SEED, [1, 2, 3, 4, 5])[:2]


@given(
    st.lists(st.integers(min_value=1, max_value=10**9), unique=True, max_size=60),
    st.integers(0, 10),
)
def test_the_draw_matches_an_independent_recomputation(ids, count):
    seed = new_seed()
    assert draw_order(seed, ids) == independent_order(seed, ids)
    assert winners(seed, ids, count) == independent_order(seed, ids)[:count]


@given(st.lists(st.integers(min_value=1, max_value=10**6), unique=True, min_size=3, max_size=30))
def test_excluding_a_winner_moves_everyone_up_one_place(ids):
    seed = new_seed()
    first, second, third = draw_order(seed, ids)[:3]
    assert winners(seed, ids, 2, excluded={first}) == [second, third]


def test_the_input_order_does_not_matter_and_a_negative_count_is_refused():
    assert winners(SEED, [3, 1, 2], 3) == winners(SEED, [1, 2, 3], 3)
    with pytest.raises(ValueError):
        winners(SEED, [1], -1)
