"""Who is listed on the public boards: the pure rule and the setting's parsing."""

from __future__ import annotations

import pytest

from harzquiz.rules.board_listing import (
    BoardRanks,
    HowToRank,
    how_to_rank,
    is_listed,
    parse_board_ranks,
)


@pytest.mark.parametrize(
    ("mode", "is_account", "confirmed", "listed", "step"),
    [
        (BoardRanks.ACCOUNTS, False, False, False, HowToRank.REGISTER),  # a guest
        (BoardRanks.ACCOUNTS, True, False, False, HowToRank.CONFIRM),  # unconfirmed account
        (BoardRanks.ACCOUNTS, True, True, True, HowToRank.LISTED),  # confirmed account
        (BoardRanks.EVERYONE, False, False, True, HowToRank.LISTED),
        (BoardRanks.EVERYONE, True, False, True, HowToRank.LISTED),
        (BoardRanks.EVERYONE, True, True, True, HowToRank.LISTED),
    ],
)
def test_who_is_listed(mode, is_account, confirmed, listed, step):
    assert is_listed(mode, is_account=is_account, email_confirmed=confirmed) is listed
    assert how_to_rank(mode, is_account=is_account, email_confirmed=confirmed) is step


@pytest.mark.parametrize(
    ("value", "mode"),
    [
        ("accounts", BoardRanks.ACCOUNTS),
        ("everyone", BoardRanks.EVERYONE),
        (" Everyone ", BoardRanks.EVERYONE),
        ("ACCOUNTS", BoardRanks.ACCOUNTS),
    ],
)
def test_the_setting_is_read_loosely(value, mode):
    assert parse_board_ranks(value) is mode


@pytest.mark.parametrize("value", ["", "all", "guests", "konten", None, 1, True])
def test_anything_else_is_refused_with_what_is_allowed(value):
    with pytest.raises(ValueError, match="HARZQUIZ_BOARD_RANKS .* must be 'accounts' or"):
        parse_board_ranks(value)
