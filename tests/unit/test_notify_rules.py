"""When a failed announcement is tried again, and when it is given up."""

from datetime import timedelta

import pytest

from harzquiz.rules.notify import gives_up, retry_delay


@pytest.mark.parametrize(
    ("failed", "wait"),
    [(1, 1), (2, 5), (3, 15), (4, 60), (5, 180), (6, 180), (50, 180)],
)
def test_retries_back_off_and_level_out(failed, wait):
    assert retry_delay(failed) == timedelta(minutes=wait)


def test_retry_delay_counts_from_one():
    with pytest.raises(ValueError):
        retry_delay(0)


@pytest.mark.parametrize(("failed", "given_up"), [(1, False), (5, False), (6, True), (7, True)])
def test_a_message_is_given_up_after_the_last_attempt(failed, given_up):
    assert gives_up(failed, max_attempts=6) is given_up
