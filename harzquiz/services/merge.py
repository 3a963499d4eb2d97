"""A guest's progress moves to the account they log into (docs/rules.md "Accounts").

The rule, per riddle: whoever of the two *finished* the riddle first (a solve or a reveal,
the player's own give-up) decides how it ended for the merged player; the other side's
solve or reveal is dropped. So the earlier solve is kept with its points, and a solve
made after the other identity had already revealed the solution earns nothing. Hint
unlocks are united (a hint both unlocked keeps its earlier time); guesses move along,
except a guess the account already typed (the same guess twice counts once). Quiz rounds
follow services/quiz_merge.py: per quiz, the round that started first counts. Crossword
progress follows services/crossword_merge.py: per crossword, the earlier solve counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Guess, HintUnlock, Player, Reveal, Solve
from harzquiz.rules.answers import normalise
from harzquiz.services.crossword_merge import merge_crossword_progress
from harzquiz.services.quiz_merge import merge_quiz_rounds
from harzquiz.services.state import lock_player

Side = Literal["account", "guest"]


@dataclass(frozen=True)
class Finish:
    """How one identity finished one riddle: solved (with points) or revealed, and when."""

    kind: Literal["solve", "reveal"]
    at: datetime


def first_finish(account: Finish | None, guest: Finish | None) -> Side:
    """Which side's ending of a riddle the merged player keeps: the earlier one.

    On a tie (or when neither finished) the account's stands: it is the identity the
    player chose to keep.
    """
    if guest is None:
        return "account"
    if account is None or guest.at < account.at:
        return "guest"
    return "account"


@dataclass(frozen=True)
class MergeResult:
    """What moved from the guest to the account."""

    solves: int = 0
    reveals: int = 0
    hint_unlocks: int = 0
    guesses: int = 0
    quiz_rounds: int = 0
    crosswords: int = 0

    @property
    def moved_anything(self) -> bool:
        """Whether the guest brought any progress along."""
        moved = (self.solves, self.reveals, self.hint_unlocks, self.guesses, self.quiz_rounds)
        return any(moved) or bool(self.crosswords)


def _finishes(player_id: int) -> dict[int, Finish]:
    """Each riddle this player finished, by riddle id."""
    solves = db.session.execute(
        sa.select(Solve.riddle_id, Solve.solved_at).where(Solve.player_id == player_id)
    )
    reveals = db.session.execute(
        sa.select(Reveal.riddle_id, Reveal.revealed_at).where(Reveal.player_id == player_id)
    )
    finished = {riddle_id: Finish("reveal", at) for riddle_id, at in reveals}
    finished.update({riddle_id: Finish("solve", at) for riddle_id, at in solves})
    return finished


def _drop_finishes(player_id: int, riddle_ids: set[int]) -> None:
    """Delete this player's solves and reveals of these riddles (the losing side's ending)."""
    if not riddle_ids:
        return
    for model in (Solve, Reveal):
        db.session.execute(
            sa.delete(model).where(
                model.player_id == player_id, model.riddle_id.in_(sorted(riddle_ids))
            )
        )


def _move(model, guest_id: int, account_id: int) -> int:
    """Hand every remaining row of `model` from the guest to the account; how many moved."""
    result = db.session.execute(
        sa.update(model).where(model.player_id == guest_id).values(player_id=account_id)
    )
    return result.rowcount  # type: ignore[attr-defined]  # an UPDATE's Result is a CursorResult


def _merge_finishes(guest_id: int, account_id: int) -> None:
    """Per riddle, keep the earlier ending (solve or reveal) and drop the other side's."""
    account = _finishes(account_id)
    guest = _finishes(guest_id)
    guest_wins = {r for r in guest if first_finish(account.get(r), guest[r]) == "guest"}
    account_wins = set(guest) - guest_wins
    _drop_finishes(account_id, guest_wins & set(account))
    _drop_finishes(guest_id, account_wins)


def _merge_hint_unlocks(guest_id: int, account_id: int) -> None:
    """A hint both unlocked keeps the earlier unlock; the later one is deleted."""
    account = dict(
        db.session.execute(
            sa.select(HintUnlock.hint_id, HintUnlock.unlocked_at).where(
                HintUnlock.player_id == account_id
            )
        ).all()
    )
    guest = db.session.execute(
        sa.select(HintUnlock.hint_id, HintUnlock.unlocked_at).where(
            HintUnlock.player_id == guest_id
        )
    ).all()
    both = {hint_id: at for hint_id, at in guest if hint_id in account}
    guest_earlier = {hint_id for hint_id, at in both.items() if at < account[hint_id]}
    for player_id, hint_ids in ((account_id, guest_earlier), (guest_id, set(both) - guest_earlier)):
        if hint_ids:
            db.session.execute(
                sa.delete(HintUnlock).where(
                    HintUnlock.player_id == player_id, HintUnlock.hint_id.in_(sorted(hint_ids))
                )
            )


def _drop_repeated_guesses(guest_id: int, account_id: int) -> None:
    """Delete the guest's guesses the account already typed for the same riddle."""
    typed = {
        (riddle_id, normalise(text))
        for riddle_id, text in db.session.execute(
            sa.select(Guess.riddle_id, Guess.text).where(Guess.player_id == account_id)
        )
    }
    repeated = [
        guess_id
        for guess_id, riddle_id, text in db.session.execute(
            sa.select(Guess.id, Guess.riddle_id, Guess.text).where(Guess.player_id == guest_id)
        )
        if (riddle_id, normalise(text)) in typed
    ]
    if repeated:
        db.session.execute(sa.delete(Guess).where(Guess.id.in_(repeated)))


def merge_guest_into(guest: Player, account: Player) -> MergeResult:
    """Move a guest's guesses, solves, reveals, hint unlocks and quiz rounds to an account, in one
    transaction, and delete the guest. Conflicts follow the module's rule."""
    if guest.is_account or not account.is_account or guest.id == account.id:
        raise ValueError("only a guest merges into a different account")
    guest_id, account_id = guest.id, account.id
    # Lock both rows in id order (two logins racing cannot deadlock), so no action of either
    # identity lands between reading and moving their rows.
    for player in sorted((guest, account), key=lambda p: p.id):
        lock_player(player)
    _merge_finishes(guest_id, account_id)
    _merge_hint_unlocks(guest_id, account_id)
    _drop_repeated_guesses(guest_id, account_id)
    result = MergeResult(
        solves=_move(Solve, guest_id, account_id),
        reveals=_move(Reveal, guest_id, account_id),
        hint_unlocks=_move(HintUnlock, guest_id, account_id),
        guesses=_move(Guess, guest_id, account_id),
        quiz_rounds=merge_quiz_rounds(guest_id, account_id),
        crosswords=merge_crossword_progress(guest_id, account_id),
    )
    # Each bulk statement on solves, quiz answers and players moved the points stamp
    # (caching.listener, do_orm_execute): boards recompute on the next request. Each one
    # also recomputed the totals of the players it touched (services.totals_listener).
    db.session.execute(sa.delete(Player).where(Player.id == guest_id))
    db.session.commit()
    db.session.expire_all()  # the guest object is gone; account relations may have changed
    return result
