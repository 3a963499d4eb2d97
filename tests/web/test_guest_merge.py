"""A guest's progress moves to the account on registering and on logging in.

docs/rules.md "Accounts": per riddle the earlier finish (solve or reveal) is kept; hint unlocks
are united keeping the earlier time; a guess the account already typed is not copied.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Guess, HintUnlock, Player, QuizAnswer, QuizAttempt, Reveal, Solve
from harzquiz.services.merge import merge_guest_into
from tests.clients import Reader
from tests.factories import (
    NOW,
    make_account,
    make_closed_riddle,
    make_player,
    make_riddle,
    make_solve,
)
from tests.helpers import log_in, play_as, register, row_counts, text_of
from tests.quiz_factories import make_quiz

PERIODS = ("woche", "monat", "gesamt")
ROW = re.compile(
    r"<tr[^>]*>\s*<td>(\d+)</td><td>([^<]*)</td><td>(-?\d+)</td>(?:<td[^>]*>.*?</td>)?\s*</tr>"
)
EARLIER = NOW - timedelta(hours=3)
LATER = NOW - timedelta(hours=1)


def board_points(client, period: str) -> dict[str, int]:
    """Name -> points on a leaderboard tab, as the page shows it."""
    html = text_of(client.get(f"/rangliste?zeitraum={period}"))
    return {name.removesuffix(" (du)"): int(points) for _, name, points in ROW.findall(html)}


def solve_twice_as_guest(client) -> Reader:
    """A guest who solves two live riddles (100 and 80 points: one wrong guess first)."""
    first, second = make_riddle(), make_riddle()
    reader = Reader(client)
    assert 'data-verdict="correct"' in text_of(reader.guess(first.slug, "Kugelgrill"))
    reader.guess(second.slug, "Sonnenschirm")
    reader.guess(second.slug, "Fass")
    assert 'data-verdict="correct"' in text_of(reader.guess(second.slug, "Kugelgrill"))
    return reader


def guest_id_of(client) -> int:
    with client.session_transaction() as session:
        return session["player_id"]


def as_guest(client, guest: Player) -> None:
    """Make `client` the browser of this guest."""
    play_as(client, guest)


def rows_of(model, player: Player) -> list:
    db.session.rollback()
    db.session.expire_all()  # rows this session made may have changed in the requests
    return db.session.scalars(sa.select(model).where(model.player_id == player.id)).all()


def test_a_guest_who_solved_two_riddles_registers_and_keeps_both_on_every_board(app, client):
    solve_twice_as_guest(client)
    assert register(client, "Neu Registriert", "neu@example.org").status_code == 303
    for period in PERIODS:
        assert board_points(client, period) == {"Neu Registriert": 180}, period
    # Seen by anyone, not only by the account itself.
    for period in PERIODS:
        assert board_points(app.test_client(), period) == {"Neu Registriert": 180}, period
    account = db.session.scalar(sa.select(Player).where(Player.email == "neu@example.org"))
    assert sorted(solve.points for solve in rows_of(Solve, account)) == [80, 100]


def test_a_guest_who_solved_two_riddles_logs_in_and_keeps_both_on_every_board(app, client):
    account = make_account(nickname="Stammleserin")
    old = make_closed_riddle(
        publish_at=NOW - timedelta(days=60), closes_at=NOW - timedelta(days=50)
    )
    make_solve(account, old, 70, NOW - timedelta(days=55))  # all-time only
    solve_twice_as_guest(client)
    guest_id = guest_id_of(client)
    response = log_in(client, account.email)
    assert response.status_code == 303
    landed = text_of(client.get("/"))
    assert "Dein Spielstand als Gast ist jetzt in deinem Konto." in landed
    expected = {"woche": 180, "monat": 180, "gesamt": 250}
    for period, points in expected.items():
        assert board_points(client, period) == {"Stammleserin": points}, period
        assert board_points(app.test_client(), period) == {"Stammleserin": points}, period
    assert db.session.get(Player, guest_id) is None, "the guest row is deleted"
    assert len(rows_of(Solve, account)) == 3
    assert len(rows_of(Guess, account)) == 4  # 1 + 3 guesses moved along


def test_the_old_guest_cookie_is_nobody_after_the_merge(app, client):
    riddle = make_riddle()
    reader = Reader(client)
    reader.guess(riddle.slug, "Kugelgrill")
    with client.session_transaction() as session:
        old_cookie_session = dict(session)
    account = make_account()
    log_in(client, account.email)
    stale = app.test_client()
    with stale.session_transaction() as session:
        session.update(old_cookie_session)
    page = text_of(stale.get(f"/raetsel/{riddle.slug}"))
    assert 'name="guess"' in page, "a copy of the old guest cookie plays as a new visitor"
    with stale.session_transaction() as session:
        assert "player_id" not in session


def test_a_failed_login_moves_nothing(app, client):
    account = make_account()
    solve_twice_as_guest(client)
    guest_id = guest_id_of(client)
    before = row_counts()
    assert log_in(client, account.email, "falsches-passwort").status_code == 422
    assert row_counts() == before
    assert db.session.get(Player, guest_id) is not None
    assert rows_of(Solve, account) == []


def test_logging_into_another_account_never_merges_accounts(app, client):
    first = make_account()
    second = make_account()
    riddle = make_riddle()
    make_solve(first, riddle, 90, EARLIER)
    log_in(client, first.email)
    assert log_in(client, second.email).status_code == 303
    assert len(rows_of(Solve, first)) == 1 and rows_of(Solve, second) == []
    assert db.session.get(Player, first.id) is not None


# --- conflicts: both identities played the same riddle ---------------------------------------


@pytest.fixture
def pair(app, client):
    """A guest (in `client`'s session) and an account, and one live riddle with two hints."""
    guest = make_player(nickname="Gast-Spieler")
    account = make_account(nickname="Konto-Spieler")
    riddle = make_riddle()
    as_guest(client, guest)
    return guest, account, riddle


def log_in_pair(client, account) -> None:
    assert log_in(client, account.email).status_code == 303


def add(*rows) -> None:
    db.session.add_all(rows)
    db.session.commit()


@pytest.mark.parametrize("guest_first", [True, False])
def test_both_solved_the_earlier_solve_and_its_points_are_kept(app, client, pair, guest_first):
    guest, account, riddle = pair
    make_solve(guest, riddle, 60, EARLIER if guest_first else LATER)
    make_solve(account, riddle, 90, LATER if guest_first else EARLIER)
    log_in_pair(client, account)
    [kept] = rows_of(Solve, account)
    assert (kept.points, kept.solved_at) == ((60, EARLIER) if guest_first else (90, EARLIER))
    assert board_points(client, "gesamt") == {"Konto-Spieler": kept.points}


def test_account_gave_up_before_the_guest_solved_no_points(app, client, pair):
    guest, account, riddle = pair
    add(Reveal(player_id=account.id, riddle_id=riddle.id, revealed_at=EARLIER))
    make_solve(guest, riddle, 100, LATER)
    log_in_pair(client, account)
    assert rows_of(Solve, account) == []
    assert [r.revealed_at for r in rows_of(Reveal, account)] == [EARLIER]
    assert board_points(client, "gesamt") == {}


def test_guest_solved_before_the_account_gave_up_the_solve_counts(app, client, pair):
    guest, account, riddle = pair
    make_solve(guest, riddle, 100, EARLIER)
    add(Reveal(player_id=account.id, riddle_id=riddle.id, revealed_at=LATER))
    log_in_pair(client, account)
    assert [s.points for s in rows_of(Solve, account)] == [100]
    assert rows_of(Reveal, account) == []
    page = text_of(client.get(f"/raetsel/{riddle.slug}"))
    assert 'name="guess"' not in page  # solved: no more guessing


def test_guest_gave_up_before_the_account_solved_no_points(app, client, pair):
    guest, account, riddle = pair
    add(Reveal(player_id=guest.id, riddle_id=riddle.id, revealed_at=EARLIER))
    make_solve(account, riddle, 100, LATER)
    log_in_pair(client, account)
    assert rows_of(Solve, account) == []
    assert [r.revealed_at for r in rows_of(Reveal, account)] == [EARLIER]


def test_both_revealed_the_earlier_reveal_is_kept(app, client, pair):
    guest, account, riddle = pair
    add(
        Reveal(player_id=guest.id, riddle_id=riddle.id, revealed_at=EARLIER),
        Reveal(player_id=account.id, riddle_id=riddle.id, revealed_at=LATER),
    )
    log_in_pair(client, account)
    assert [r.revealed_at for r in rows_of(Reveal, account)] == [EARLIER]


def test_hint_unlocks_are_united_keeping_the_earlier_time(app, client, pair):
    guest, account, riddle = pair
    first, second = riddle.hints
    add(
        HintUnlock(player_id=account.id, hint_id=first.id, unlocked_at=LATER),
        HintUnlock(player_id=guest.id, hint_id=first.id, unlocked_at=EARLIER),
        HintUnlock(player_id=guest.id, hint_id=second.id, unlocked_at=LATER),
    )
    log_in_pair(client, account)
    unlocks = {u.hint_id: u.unlocked_at for u in rows_of(HintUnlock, account)}
    assert unlocks == {first.id: EARLIER, second.id: LATER}
    # The account keeps playing with both hints paid: 100 - 20 - 30.
    assert "50 von 100 Punkten" in text_of(client.get(f"/raetsel/{riddle.slug}"))


def test_a_guess_the_account_already_typed_counts_once(app, client, pair):
    guest, account, riddle = pair
    add(
        Guess(
            player_id=account.id,
            riddle_id=riddle.id,
            text="Boje",
            verdict="wrong",
            created_at=LATER,
        ),
        Guess(
            player_id=guest.id,
            riddle_id=riddle.id,
            text="boje!",
            verdict="wrong",
            created_at=EARLIER,
        ),
        Guess(
            player_id=guest.id,
            riddle_id=riddle.id,
            text="Fass",
            verdict="wrong",
            created_at=EARLIER,
        ),
    )
    log_in_pair(client, account)
    assert sorted(g.text for g in rows_of(Guess, account)) == ["Boje", "Fass"]
    # Two distinct wrong guesses cost 10 each.
    assert "80 von 100 Punkten" in text_of(client.get(f"/raetsel/{riddle.slug}"))


def test_only_a_guest_merges_into_a_different_account(app):
    account = make_account()
    with pytest.raises(ValueError):
        merge_guest_into(make_account(), account)
    with pytest.raises(ValueError):
        merge_guest_into(make_player(), make_player())


# --- quiz rounds -----------------------------------------------------------------------------


def quiz_round(player: Player, quiz, number: int, started_at, points: list[int]):
    """A stored quiz round of `player` with one answer per points value."""
    attempt = QuizAttempt(quiz_id=quiz.id, player_id=player.id, number=number,
                          started_at=started_at)  # fmt: skip
    add(attempt)
    for question, value in zip(quiz.questions, points, strict=False):
        add(QuizAnswer(attempt_id=attempt.id, question_id=question.id, player_id=player.id,
                       response="x", correct=value > 0, points=value,
                       answered_at=started_at))  # fmt: skip
    return attempt


def test_a_guest_quiz_round_moves_to_the_account_with_its_points(app, client, pair):
    guest, account, _riddle = pair
    quiz = make_quiz()
    quiz_round(guest, quiz, 1, EARLIER, [10, 0, 10])
    log_in_pair(client, account)
    [attempt] = rows_of(QuizAttempt, account)
    assert attempt.number == 1
    assert sorted(answer.points for answer in rows_of(QuizAnswer, account)) == [0, 10, 10]
    assert board_points(client, "gesamt") == {"Konto-Spieler": 20}


@pytest.mark.parametrize("guest_first", [True, False])
def test_both_played_a_quiz_the_round_that_started_first_counts(app, client, pair, guest_first):
    guest, account, _riddle = pair
    quiz = make_quiz()
    guest_round = quiz_round(guest, quiz, 1, EARLIER if guest_first else LATER, [10, 10, 10])
    quiz_round(guest, quiz, 2, NOW, [0, 0])  # the guest's practice round, started last
    account_round = quiz_round(account, quiz, 1, LATER if guest_first else EARLIER, [10])
    log_in_pair(client, account)
    db.session.rollback()
    rounds = sorted(rows_of(QuizAttempt, account), key=lambda attempt: attempt.number)
    assert [attempt.number for attempt in rounds] == [1, 2, 3]
    first = guest_round.id if guest_first else account_round.id
    assert rounds[0].id == first
    expected = 30 if guest_first else 10
    assert board_points(client, "gesamt") == {"Konto-Spieler": expected}
    points_by_round = {attempt.id: 0 for attempt in rounds}
    for answer in rows_of(QuizAnswer, account):
        points_by_round[answer.attempt_id] += answer.points
    assert points_by_round[first] == expected
    assert sum(points_by_round.values()) == expected  # the other rounds are practice now
