"""The merge rule: per riddle, the side that finished first (solve or reveal) is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from harzquiz.services.merge import Finish, first_finish

T = datetime(2026, 11, 24, 10, tzinfo=UTC)
LATER = T + timedelta(minutes=5)


@pytest.mark.parametrize(
    "account,guest,kept",
    [
        (None, None, "account"),
        (Finish("solve", T), None, "account"),
        (None, Finish("solve", T), "guest"),
        (None, Finish("reveal", T), "guest"),
        (Finish("solve", LATER), Finish("solve", T), "guest"),  # the earlier solve
        (Finish("solve", T), Finish("solve", LATER), "account"),
        (Finish("reveal", T), Finish("solve", LATER), "account"),  # gave up first: no points
        (Finish("reveal", LATER), Finish("solve", T), "guest"),  # solved before giving up
        (Finish("solve", LATER), Finish("reveal", T), "guest"),
        (Finish("reveal", T), Finish("reveal", LATER), "account"),
        (Finish("solve", T), Finish("solve", T), "account"),  # a tie: the account's stands
    ],
)
def test_the_earlier_finish_is_kept(account, guest, kept):
    assert first_finish(account, guest) == kept
