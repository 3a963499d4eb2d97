"""One Refusal type for riddles and quizzes, one total map to HTTP status."""

from __future__ import annotations

import pytest

from harzquiz.rules.inputs import guess_problem
from harzquiz.rules.refusals import Refusal
from harzquiz.web.refusals import STATUS, status_for


def test_every_refusal_has_a_status_and_only_4xx():
    assert set(STATUS) == set(Refusal)
    assert all(400 <= status < 500 for status in STATUS.values())


@pytest.mark.parametrize(
    ("refusal", "status"),
    [
        (Refusal.EMPTY, 422),
        (Refusal.TAMPERED, 422),
        (Refusal.CLOSED, 409),
        (Refusal.GONE, 409),
        (Refusal.NO_HINT, 404),
        (Refusal.UNPUBLISHED, 404),
        (Refusal.RATE_LIMITED, 429),
        (Refusal.CSRF, 400),
    ],
)
def test_status_per_refusal(refusal, status):
    assert status_for(refusal) == status


def test_a_typo_is_an_error_not_a_silent_400():
    with pytest.raises(AttributeError):
        Refusal.EMTPY  # noqa: B018
    with pytest.raises(ValueError):
        status_for("emtpy")


def test_refusals_are_their_codes():
    # The code travels as text (session feedback, data-error): the enum compares equal to it.
    assert Refusal.TOO_LONG == "too_long"
    assert guess_problem("<b>") is Refusal.MARKUP
    assert Refusal(str(Refusal.CSRF)) is Refusal.CSRF
