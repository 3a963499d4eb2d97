"""The per-player totals (services.totals) always equal what the raw point events add up to,
and boards, ranks and the profile all read them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.caching import stamps
from harzquiz.extensions import db
from harzquiz.models import Player, PlayerTotal, QuizAnswer, Solve
from harzquiz.services import totals
from harzquiz.services.leaderboard import Period, player_rank
from harzquiz.services.privacy import delete_player
from tests.clients import Reader
from tests.factories import (
    NOW,
    make_account,
    make_closed_riddle,
    make_player,
    make_riddle,
    make_solve,
)
from tests.helpers import log_in, rename, text_of
from tests.quiz_factories import make_quiz, right_values
from tests.quiz_helpers import QuizReader

HTMX = {"HX-Request": "true"}


def assert_totals_agree() -> None:
    db.session.rollback()
    stored, expected = totals.stored_totals(), totals.expected_totals()
    assert stored == expected
    assert stored, "the scenario earned points"


def stamp(name: str) -> str:
    with db.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT token FROM cache_version WHERE name = ?"
            if connection.dialect.name == "sqlite"
            else "SELECT token FROM cache_version WHERE name = %s",
            (name,),
        ).scalar_one()


def play_quiz_right(client, quiz, answers: int = 2) -> None:
    reader = QuizReader(client, quiz)
    for _ in range(answers):
        reader.answer(right_values(reader.current_question()))


def test_solves_quiz_answers_merge_and_deletion_keep_totals_equal_to_raw_rows(app, client):
    old = make_closed_riddle(
        publish_at=NOW - timedelta(days=60), closes_at=NOW - timedelta(days=50)
    )
    account = make_account(nickname="Kontohexe")
    make_solve(account, old, 70, NOW - timedelta(days=55))
    other = make_player(nickname="Andere")
    make_solve(other, old, 40, NOW - timedelta(days=56))
    assert_totals_agree()
    # A guest solves through the site and answers quiz questions right.
    riddle, quiz = make_riddle(), make_quiz()
    guest = Reader(client)
    assert 'data-verdict="correct"' in text_of(guest.guess(riddle.slug, "Kugelgrill"))
    play_quiz_right(client, quiz)
    assert_totals_agree()
    # The guest logs into the account: the merge moves the points.
    assert log_in(client, account.email).status_code == 303
    assert_totals_agree()
    merged = totals.stored_totals()
    assert merged[("all", account.id)][0] == 70 + 100 + 20
    # A changed and a deleted event through the unit of work.
    solve = db.session.scalar(sa.select(Solve).where(Solve.player_id == other.id))
    solve.points = 55
    db.session.commit()
    assert_totals_agree()
    db.session.delete(db.session.scalar(sa.select(QuizAnswer).limit(1)))
    db.session.commit()
    assert_totals_agree()
    # A bulk statement through the session.
    db.session.execute(sa.delete(Solve).where(Solve.player_id == other.id))
    db.session.commit()
    assert ("all", other.id) not in totals.stored_totals()
    make_solve(db.session.get(Player, other.id), old, 30, NOW - timedelta(days=52))
    assert_totals_agree()
    # Deleting the account takes its totals along.
    assert delete_player(db.session.get(Player, account.id)) is None
    assert_totals_agree()
    assert not any(player == account.id for _, player in totals.stored_totals())


def test_rebuild_totals_repairs_totals_written_past_the_orm(app, runner):
    riddle, player = make_riddle(), make_player()
    make_solve(player, riddle, 80, NOW)
    with db.engine.begin() as connection:  # SQL by hand: the listener does not see it
        connection.execute(sa.update(PlayerTotal.__table__).values(points=1))
    assert totals.stored_totals() != totals.expected_totals()
    before = stamp(stamps.POINTS)
    result = runner.invoke(args=["rebuild-totals"])
    assert result.exit_code == 0, result.output
    assert "they had drifted" in result.output
    assert_totals_agree()
    assert stamp(stamps.POINTS) != before  # boards show the repaired totals at once


def test_profile_total_and_ranks_include_quiz_points(app, client):
    riddle, quiz = make_riddle(), make_quiz()
    account = make_account(nickname="Quizprofil")
    log_in(client, account.email)
    client_reader = Reader(client)
    client_reader.guess(riddle.slug, "Kugelgrill")  # 100 points
    play_quiz_right(client, quiz)  # 20 points
    html = text_of(client.get("/profil"))
    assert "Insgesamt 120 Punkte." in html
    assert player_rank(Period.ALL, NOW, account.id).points == 120


def board(client) -> str:
    return text_of(client.get("/rangliste?zeitraum=woche", headers=HTMX))


def test_a_solve_outside_the_top_list_leaves_shared_pages_and_a_top_solve_moves_them(app, client):
    app.config["LEADERBOARD_SIZE"] = 2
    old = make_closed_riddle(publish_at=NOW - timedelta(days=3), closes_at=NOW - timedelta(hours=1))
    for name, points in (("Erste", 300), ("Zweite", 200)):
        make_solve(make_player(nickname=name), old, points, NOW - timedelta(days=2))
    riddle = make_riddle()
    assert "Erste" in board(client)
    low = Reader(app.test_client())
    rename(low, "Spaetzuenderin")  # a name change moves the stamp (caching.listener)
    low.guess(riddle.slug, "Falsch")
    low.guess(riddle.slug, "Auch falsch")
    before = stamp(stamps.POINTS)
    assert 'data-verdict="correct"' in text_of(low.guess(riddle.slug, "Kugelgrill"))
    assert stamp(stamps.POINTS) == before, "a third place changes no shown top list"
    # Their own rank is still right: read live through the index.
    own = text_of(low.client.get("/rangliste?zeitraum=woche", headers=HTMX))
    assert '<tr class="is-own" aria-current="true"><td>3</td><td>Spaetzuenderin (du)</td>' in own
    high = make_player(nickname="Spitzenreiterin")
    make_solve(high, make_riddle(), 250, NOW)
    assert stamp(stamps.POINTS) != before
    assert "Spitzenreiterin" in board(client)


def test_the_listed_predicate_filters_boards_and_ranks(app, client, monkeypatch):
    riddle = make_riddle()
    guest, account = make_player(nickname="Gastname"), make_account(nickname="Kontoname")
    make_solve(guest, riddle, 90, NOW)
    make_solve(account, make_riddle(), 50, NOW)
    monkeypatch.setattr(totals, "listed_clause", lambda: Player.email.is_not(None))
    totals._UPSERTS.clear()
    totals.rebuild_all()
    stamps.bump(stamps.POINTS)
    db.session.commit()
    html = board(client)
    assert "Kontoname" in html and "Gastname" not in html
    assert player_rank(Period.WEEK, NOW, account.id).rank == 1
    # Not listed: no place on the board, only where the guest would stand.
    assert player_rank(Period.WEEK, NOW, guest.id).listed is False
    totals._UPSERTS.clear()


@pytest.mark.parametrize("period", list(Period))
def test_rank_order_is_points_then_who_reached_it_first(app, period):
    riddle = make_riddle()
    early, late = make_player(), make_player()
    make_solve(late, riddle, 50, NOW)
    make_solve(early, make_riddle(), 50, NOW - timedelta(minutes=5))
    assert player_rank(period, NOW, early.id).rank == 1
    assert player_rank(period, NOW, late.id).rank == 2
