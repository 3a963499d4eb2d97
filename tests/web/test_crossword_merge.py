"""A guest's crossword progress moves to the account they log into, and a scored solve moves
the points stamp (boards and pages recompute), as a riddle's solve does."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from harzquiz.caching import stamps
from harzquiz.extensions import db
from harzquiz.models import CacheVersion, CrosswordProgress, Player
from harzquiz.services.crossword_play import save_letters
from tests.clients import Reader
from tests.crossword_factories import make_crossword
from tests.factories import NOW, make_account
from tests.helpers import log_in


def no_new_player():
    raise AssertionError("the account exists")


def rows_of(player_id: int) -> list[CrosswordProgress]:
    db.session.rollback()
    return list(
        db.session.scalars(
            sa.select(CrosswordProgress).where(CrosswordProgress.player_id == player_id)
        )
    )


def test_a_guest_solve_moves_to_the_account_with_its_points(app, client):
    crossword, other = make_crossword(), make_crossword()
    account = make_account(nickname="Kontoinhaber")
    account_id = account.id
    first = sorted(other.grid.letters())[0]
    # The account typed one letter of the other crossword and has an unsolved row of this one.
    save_letters(other, account, {first: "Q"}, NOW - timedelta(days=1), no_new_player)
    save_letters(crossword, account, {first: "Q"}, NOW - timedelta(days=1), no_new_player)
    reader = Reader(client)
    reader.open(f"/kreuzwortraetsel/{crossword.slug}")
    form = {f"z-{r}-{c}": letter for (r, c), letter in crossword.grid.letters().items()}
    assert reader.post(f"/kreuzwortraetsel/{crossword.slug}/speichern", form).status_code == 303
    guest_id = db.session.scalar(sa.select(Player.id).where(Player.email.is_(None)))
    assert log_in(client, account.email).status_code == 303
    rows = {row.crossword_id: row for row in rows_of(account_id)}
    assert rows[crossword.id].points == 100 and rows[crossword.id].solved_at == NOW
    assert rows[other.id].solved_at is None  # the account's own row stays
    assert rows_of(guest_id) == []
    assert "Gelöst!" in client.get(f"/kreuzwortraetsel/{crossword.slug}").get_data(as_text=True)


def points_token() -> str | None:
    db.session.rollback()
    return db.session.scalar(
        sa.select(CacheVersion.token).where(CacheVersion.name == stamps.POINTS)
    )


def test_typing_keeps_the_points_stamp_and_a_scored_solve_moves_it(app):
    crossword, player = make_crossword(), make_account(nickname="Stempel")
    letters = crossword.grid.letters()
    first = sorted(letters)[0]
    before = points_token()
    save_letters(crossword, player, {first: letters[first]}, NOW, no_new_player)
    assert points_token() == before  # letters alone are on no board
    save_letters(crossword, player, letters, NOW, no_new_player)
    assert points_token() != before  # the solve with points is
