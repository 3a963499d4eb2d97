"""The crossword play service: saving, checks and reveals cost as documented, one solve."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import CrosswordProgress, Player
from harzquiz.rules.scoring import (
    CROSSWORD_GRID_CHECK_COST,
    CROSSWORD_REVEAL_COST,
    CROSSWORD_WORD_CHECK_COST,
)
from harzquiz.services.crossword_play import (
    check_letters,
    load_progress,
    public_crossword,
    reveal_letter,
    save_letters,
    stored_letters,
)
from tests.crossword_factories import make_crossword
from tests.factories import MONDAY, NOW, make_player


def no_new_player():
    raise AssertionError("a refused action must not create a player")


def right_letters(crossword):
    return {cell: letter.lower() for cell, letter in crossword.grid.letters().items()}


def progress_of(crossword, player) -> CrosswordProgress:
    row = load_progress(crossword, player)
    assert row is not None
    return row


def test_saved_letters_resume(app):
    crossword, player = make_crossword(), make_player()
    first = sorted(crossword.grid.letters())[0]
    outcome = save_letters(crossword, player, {first: "q", (99, 99): "A"}, NOW, no_new_player)
    assert outcome.error is None and not outcome.solved
    assert stored_letters(crossword, progress_of(crossword, player)) == {first: "Q"}


def test_a_clean_solve_earns_the_full_points_once(app):
    crossword, player = make_crossword(), make_player()
    outcome = save_letters(crossword, player, right_letters(crossword), NOW, no_new_player)
    assert outcome.solved and outcome.points == 100
    row = progress_of(crossword, player)
    assert row.solved_at == NOW and row.points == 100
    again = save_letters(crossword, player, {}, NOW, no_new_player)
    assert again.error == "solved"
    assert progress_of(crossword, player).points == 100


def test_checks_mark_wrong_cells_and_cost_as_documented(app):
    crossword, player = make_crossword(), make_player()
    right = right_letters(crossword)
    cell = sorted(right)[0]
    wrong_letter = "Q" if right[cell] != "q" else "X"
    entry = crossword.grid.entries_at(cell)[0]
    outcome = check_letters(crossword, player, {cell: wrong_letter}, NOW, no_new_player)
    assert outcome.wrong == {cell}
    outcome = check_letters(
        crossword, player, {cell: wrong_letter}, NOW, no_new_player, entry_label=entry.label
    )
    assert outcome.wrong == {cell}
    other = next(c for c in right if c != cell)
    outcome = reveal_letter(crossword, player, {}, other, NOW, no_new_player)
    assert outcome.letters == {other: right[other].upper()}
    solved = save_letters(crossword, player, right, NOW, no_new_player)
    assert solved.points == (
        100 - CROSSWORD_GRID_CHECK_COST - CROSSWORD_WORD_CHECK_COST - CROSSWORD_REVEAL_COST
    )
    row = progress_of(crossword, player)
    assert (row.grid_checks, row.word_checks, row.reveals) == (1, 1, 1)


def test_refused_actions_store_nothing(app):
    crossword, player = make_crossword(), make_player()
    right = right_letters(crossword)
    cell = sorted(right)[0]
    assert reveal_letter(crossword, player, right, cell, NOW, no_new_player).error == "no_reveal"
    assert reveal_letter(crossword, player, {}, (99, 0), NOW, no_new_player).error == "no_reveal"
    outcome = check_letters(crossword, player, {}, NOW, no_new_player, entry_label="99 across")
    assert outcome.error == "unknown_entry"
    assert load_progress(crossword, player) is None


def test_drafts_are_not_playable_and_create_no_player(app):
    draft = make_crossword(publish_at=None)
    players = db.session.scalar(sa.select(sa.func.count()).select_from(Player))
    assert save_letters(draft, None, {}, NOW, no_new_player).error == "not_public"
    assert public_crossword(draft.slug, NOW) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Player)) == players


def test_a_guest_is_created_on_the_first_allowed_action(app):
    crossword = make_crossword()
    created = []

    def create_player():
        created.append(make_player())
        return created[0]

    save_letters(crossword, None, {}, NOW, create_player)
    assert len(created) == 1
    assert load_progress(crossword, created[0]) is not None


def test_a_solve_after_the_close_earns_nothing(app):
    crossword = make_crossword(publish_at=MONDAY - timedelta(days=7), closes_at=MONDAY)
    player = make_player()
    assert public_crossword(crossword.slug, NOW) is not None
    outcome = save_letters(crossword, player, right_letters(crossword), NOW, no_new_player)
    assert outcome.solved and outcome.points == 0
