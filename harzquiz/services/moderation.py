"""The moderation desk's transactions: find players, the open flags and reports, and the
actions (rename, hide, ban, withdraw a solve's points) with their undo.

Every action writes a ModerationAction (what undoing it needs) and an audit entry in its own
transaction; the boards change on the next request because the changed player or solve row
moves the points stamp in that transaction (harzquiz.caching.listener).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from harzquiz.extensions import db
from harzquiz.models import (
    Flag,
    ModerationAction,
    Player,
    QuizAnswer,
    QuizQuestion,
    Report,
    Riddle,
    Solve,
)
from harzquiz.services import audit
from harzquiz.services.players import nickname_taken, rename_problem

SEARCH_LIMIT = 50
LIST_LIMIT = 100


def search_players(query: str) -> list[Player]:
    """Players whose nickname or email contains `query` (case-insensitive), newest first."""
    needle = query.strip().casefold()
    if not needle:
        return []
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(
        db.session.scalars(
            sa.select(Player)
            .where(
                sa.or_(
                    Player.nickname_key.like(pattern, escape="\\"),
                    sa.func.lower(Player.email).like(pattern, escape="\\"),
                )
            )
            .order_by(Player.id.desc())
            .limit(SEARCH_LIMIT)
        )
    )


@dataclass(frozen=True)
class FlagRow:
    """An open flag as the desk lists it: who, what, the points at stake, the evidence."""

    flag: Flag
    what: str  # the riddle's title, or the quiz question's text
    points: int


def open_flags() -> list[FlagRow]:
    """Flags nobody settled yet, newest first, with what was solved and its points."""
    flags = db.session.scalars(
        sa.select(Flag)
        .where(Flag.settled_at.is_(None))
        .options(selectinload(Flag.player), selectinload(Flag.trace))
        .order_by(Flag.created_at.desc(), Flag.id.desc())
        .limit(LIST_LIMIT)
    ).all()
    rows = []
    for flag in flags:
        if flag.solve_id is not None:
            solve = db.session.get(Solve, flag.solve_id)
            riddle = db.session.get(Riddle, solve.riddle_id) if solve else None
            rows.append(FlagRow(flag, riddle.title if riddle else "", solve.points if solve else 0))
        else:
            answer = db.session.get(QuizAnswer, flag.answer_id)
            question = db.session.get(QuizQuestion, answer.question_id) if answer else None
            text = question.prompt if question is not None else ""
            rows.append(FlagRow(flag, text, answer.points if answer else 0))
    return rows


def open_reports() -> list[Report]:
    """Readers' reports nobody settled yet, newest first."""
    return list(
        db.session.scalars(
            sa.select(Report)
            .where(Report.settled_at.is_(None))
            .options(selectinload(Report.player))
            .order_by(Report.created_at.desc(), Report.id.desc())
            .limit(LIST_LIMIT)
        )
    )


def recent_actions(player_id: int | None = None) -> list[ModerationAction]:
    """The desk's latest actions (of one player), newest first; the undo buttons list."""
    query = sa.select(ModerationAction).options(selectinload(ModerationAction.player))
    if player_id is not None:
        query = query.where(ModerationAction.player_id == player_id)
    return list(
        db.session.scalars(
            query.order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc()).limit(
                LIST_LIMIT
            )
        )
    )


def player_solves(player_id: int) -> list[tuple[Solve, str]]:
    """A player's riddle solves with the riddle's title, newest first."""
    rows = db.session.execute(
        sa.select(Solve, Riddle.title)
        .join(Riddle, Riddle.id == Solve.riddle_id)
        .where(Solve.player_id == player_id)
        .order_by(Solve.solved_at.desc())
        .limit(LIST_LIMIT)
    ).all()
    return [(row[0], row[1]) for row in rows]


def _act(actor: Player, player: Player, kind: str, now: datetime, **fields) -> ModerationAction:
    action = ModerationAction(
        player_id=player.id, actor_id=actor.id, kind=kind, created_at=now, **fields
    )
    db.session.add(action)
    return action


def rename(actor: Player, player: Player, nickname: str, reason: str, now: datetime) -> str | None:
    """Give `player` a new name; they see `reason` once on their next visit. An error code
    (as services.players.rename_problem) or None."""
    problem = rename_problem(nickname, player.id)
    if problem:
        return problem
    old = player.nickname
    _act(actor, player, "rename", now, reason=reason, old_nickname=old)
    player.nickname = nickname  # the flush moves the points stamp
    player.rename_notice = reason
    audit.record_player(actor, "renamed", player, f"{old} → {nickname}: {reason}")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "taken"
    return None


def hide(actor: Player, player: Player, reason: str, now: datetime) -> bool:
    """Hide the player from every public board (False: hidden already)."""
    if player.hidden_at is not None:
        return False
    _act(actor, player, "hide", now, reason=reason)
    player.hidden_at = now
    audit.record_player(actor, "hidden", player, reason)
    db.session.commit()
    return True


def ban(actor: Player, player: Player, reason: str, now: datetime) -> bool:
    """Ban the player from scoring: not listed, and later solves earn 0 (False: banned)."""
    if player.banned_at is not None:
        return False
    _act(actor, player, "ban", now, reason=reason)
    player.banned_at = now
    audit.record_player(actor, "banned", player, reason)
    db.session.commit()
    return True


def withdraw_points(
    actor: Player, solve: Solve | None, answer: QuizAnswer | None, reason: str, now: datetime
) -> bool:
    """Withdraw one solve's (or quiz answer's) points: it then earns 0, everywhere points are
    summed. Its flags are settled. False: nothing to withdraw (no points left)."""
    event = solve if solve is not None else answer
    if event is None or not event.points:
        return False
    player = db.session.get(Player, event.player_id)
    if player is None:
        return False
    _act(
        actor,
        player,
        "withdraw",
        now,
        reason=reason,
        solve_id=solve.id if solve is not None else None,
        answer_id=answer.id if answer is not None else None,
        points=event.points,
    )
    audit.record_player(actor, "withdrawn", player, f"{event.points} → 0: {reason}")
    event.points = 0  # the flush moves the points stamp
    on_flag = Flag.solve_id == solve.id if solve is not None else Flag.answer_id == event.id
    for flag in db.session.scalars(sa.select(Flag).where(on_flag, Flag.settled_at.is_(None))):
        flag.settled_at = now
    db.session.commit()
    return True


def withdraw_flagged(actor: Player, flag: Flag, reason: str, now: datetime) -> bool:
    """Withdraw the points of the solve or answer a flag names (and settle the flag)."""
    solve = db.session.get(Solve, flag.solve_id) if flag.solve_id is not None else None
    answer = db.session.get(QuizAnswer, flag.answer_id) if flag.answer_id is not None else None
    if not withdraw_points(actor, solve, answer, reason, now):
        if flag.settled_at is None:  # nothing left to withdraw: the flag is settled (audited)
            settle_flag(actor, flag, now)
        return False
    return True


def settle_flag(actor: Player, flag: Flag, now: datetime) -> None:
    """Let a flagged solve stand: the flag leaves the list (audited)."""
    flag.settled_at = now
    audit.record_player(actor, "settled", flag.player, f"flag {flag.id}")
    db.session.commit()


def settle_report(actor: Player, report: Report, now: datetime) -> None:
    """Close a reader's report (audited)."""
    report.settled_at = now
    audit.record_player(actor, "settled", report.player, f"report {report.id}")
    db.session.commit()


def undo(actor: Player, action: ModerationAction, now: datetime) -> str | None:
    """Reverse one action; an error code ("done": undone before; "taken": the old name is
    someone else's now; "gone": the solve no longer exists) or None."""
    if action.undone_at is not None:
        return "done"
    player = action.player
    if action.kind == "rename":
        if action.old_nickname is None or nickname_taken(action.old_nickname, player.id):
            return "taken"
        player.nickname = action.old_nickname
        player.rename_notice = None
    elif action.kind == "hide":
        player.hidden_at = None
    elif action.kind == "ban":
        player.banned_at = None
    else:
        event = (
            db.session.get(Solve, action.solve_id)
            if action.solve_id is not None
            else db.session.get(QuizAnswer, action.answer_id)
            if action.answer_id is not None
            else None
        )
        if event is None:
            return "gone"
        event.points = action.points or 0
    action.undone_at = now
    audit.record_player(actor, "undone", player, f"{action.kind} #{action.id}")
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return "taken"
    return None


def report(player: Player, reporter: Player | None, reason: str, now: datetime) -> None:
    """Store a reader's report about a name on a board."""
    db.session.add(
        Report(
            player_id=player.id,
            reporter_id=reporter.id if reporter is not None else None,
            reason=reason,
            created_at=now,
        )
    )
    db.session.commit()


def take_rename_notice(player: Player | None) -> str | None:
    """The reason an editor gave for renaming this player, once: it is cleared as it is read
    (committed at once, so a second tab does not show it again)."""
    if player is None or player.rename_notice is None:
        return None
    notice = player.rename_notice
    player.rename_notice = None
    db.session.commit()
    return notice
