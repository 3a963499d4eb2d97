"""An action by a guest whom a concurrent login merged into an account is refused, not stored.

The login's merge deletes the guest row; a request that loaded the guest just before still
holds it. Its player lock then touches no row, and the action must stop there rather than
write rows for a player that no longer exists (a foreign-key error, a 500, before this).
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player, QuizAnswer, QuizAttempt
from harzquiz.riddles.feedback import status_for
from harzquiz.services import play, quiz_play
from tests.factories import NOW, make_player, make_riddle
from tests.helpers import row_counts
from tests.quiz_factories import make_quiz, wrong_values


def no_new_player() -> Player:
    pytest.fail("a refused action must not create a player")


def vanish(player: Player) -> None:
    """Delete the player's row past this session, as a concurrent login's merge does."""
    with db.engine.begin() as connection:
        connection.execute(sa.delete(Player.__table__).where(Player.__table__.c.id == player.id))


ACTIONS = {
    "guess": lambda riddle, guest: play.submit_guess(riddle, guest, "Boje", NOW, no_new_player),
    "hint": lambda riddle, guest: play.unlock_hint(riddle, guest, 1, NOW, no_new_player),
    "reveal": lambda riddle, guest: play.reveal(riddle, guest, NOW, no_new_player),
}


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_a_riddle_action_of_a_merged_guest_is_refused(app, action):
    riddle, guest_id = make_riddle(), make_player().id
    before = row_counts()
    guest = db.session.get(Player, guest_id)  # the request has loaded its guest ...
    vanish(guest)  # ... when the login's merge deletes it
    with app.test_request_context():
        outcome = ACTIONS[action](riddle, guest)
    assert (outcome.verdict, outcome.error) == ("error", "gone")
    assert status_for(outcome) == 409
    assert row_counts() == {**before, "Player": before["Player"] - 1}  # only the merge's delete


def test_a_quiz_answer_of_a_merged_guest_is_refused(app):
    quiz, guest = make_quiz(), make_player()
    question = quiz.questions[0]
    vanish(guest)  # the request has loaded its guest when the login's merge deletes it
    with app.test_request_context():
        outcome = quiz_play.answer_question(
            quiz, guest, question.id, 1, wrong_values(question), NOW, no_new_player
        )
    assert outcome.error == "gone"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizAnswer)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizAttempt)) == 0
