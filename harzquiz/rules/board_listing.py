"""Who is listed on the public boards (docs/rules.md "Who ranks"): the one rule.

Every board (the tabs, the board beside a riddle or article, the embed's board, the rank in
a guess's feedback and on the profile) ranks only the players this rule lists. Everyone
else still plays and still sees where they *would* stand among the listed players.

The same rule as SQL is `harzquiz.services.board_listing.listed_on_boards`, which every
board query uses; `tests/unit/test_board_listing.py` keeps the two in step. A new reason
to keep someone off the boards (hidden or banned by the moderation desk) belongs in both.
"""

from __future__ import annotations

from enum import StrEnum

SETTING = "BOARD_RANKS"  # config key; HARZQUIZ_BOARD_RANKS in the environment


class BoardRanks(StrEnum):
    """Who the public boards rank (the setting HARZQUIZ_BOARD_RANKS)."""

    ACCOUNTS = "accounts"  # confirmed accounts only (the default)
    EVERYONE = "everyone"  # guests and unconfirmed accounts too (the behaviour before 2026-12)


DEFAULT = BoardRanks.ACCOUNTS


def parse_board_ranks(value: object) -> BoardRanks:
    """The setting's value, or a ValueError that says what is allowed."""
    text = value.strip().lower() if isinstance(value, str) else ""
    try:
        return BoardRanks(text)
    except ValueError:
        allowed = " or ".join(repr(mode.value) for mode in BoardRanks)
        raise ValueError(
            f"HARZQUIZ_BOARD_RANKS (config BOARD_RANKS) is {value!r}; it must be {allowed}."
        ) from None


def is_listed(mode: BoardRanks, *, is_account: bool, email_confirmed: bool) -> bool:
    """Whether a player with these properties appears on the public boards."""
    if mode is BoardRanks.EVERYONE:
        return True
    return is_account and email_confirmed


class HowToRank(StrEnum):
    """What an unlisted player must do to be listed (what the board tells them)."""

    LISTED = "listed"  # nothing: they are on the boards
    REGISTER = "register"  # a guest: register (or log in), the points come along
    CONFIRM = "confirm"  # an account whose address is not confirmed yet


def how_to_rank(mode: BoardRanks, *, is_account: bool, email_confirmed: bool) -> HowToRank:
    """The step between this player and the boards."""
    if is_listed(mode, is_account=is_account, email_confirmed=email_confirmed):
        return HowToRank.LISTED
    return HowToRank.CONFIRM if is_account else HowToRank.REGISTER
