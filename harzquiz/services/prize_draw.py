"""The prize draw's transactions: set up, enter, draw, redraw one winner, purge.

The order of the draw is pure (rules.prize_draw); this module decides who may enter and
who may win, records consent, and writes the audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Flag, Player, PrizeDraw, PrizeEntry, Riddle, Solve
from harzquiz.rules import prize_draw as rules
from harzquiz.services import audit

# Why an account may not enter (None: it may).
NOT_AN_ACCOUNT, UNCONFIRMED, NOT_SOLVED, ENTRIES_CLOSED, ALREADY_ENTERED = (
    "guest",
    "unconfirmed",
    "not-solved",
    "closed",
    "entered",
)


def draw_for(riddle: Riddle) -> PrizeDraw | None:
    """The riddle's prize draw, if it is a prize riddle."""
    return db.session.scalar(sa.select(PrizeDraw).where(PrizeDraw.riddle_id == riddle.id))


def set_up(
    riddle: Riddle,
    *,
    prize: str,
    winner_count: int,
    entries_close_at: datetime,
    conditions: str,
    actor: Player | None,
) -> PrizeDraw:
    """Mark the riddle as a prize riddle, or change its prize (until the draw). The seed is
    made once, so its commitment never changes after readers have seen it."""
    draw = draw_for(riddle)
    if draw is None:
        seed = rules.new_seed()
        draw = PrizeDraw(riddle_id=riddle.id, seed=seed, commitment=rules.commitment(seed))
        db.session.add(draw)
    if draw.drawn_at is not None:
        raise ValueError("drawn")
    draw.prize, draw.winner_count = prize, winner_count
    draw.entries_close_at, draw.conditions = entries_close_at, conditions
    audit.record(actor, "prize-setup", riddle, f"{prize} · {winner_count}")
    db.session.commit()
    return draw


def _solved_while_live(riddle: Riddle, player: Player) -> bool:
    query = sa.select(Solve.id).where(Solve.riddle_id == riddle.id, Solve.player_id == player.id)
    if riddle.closes_at is not None:
        query = query.where(Solve.solved_at <= riddle.closes_at)
    return db.session.scalar(query.limit(1)) is not None


def entry_of(draw: PrizeDraw, player: Player | None) -> PrizeEntry | None:
    if player is None:
        return None
    return db.session.scalar(
        sa.select(PrizeEntry).where(
            PrizeEntry.draw_id == draw.id, PrizeEntry.player_id == player.id
        )
    )


def why_not(draw: PrizeDraw, riddle: Riddle, player: Player | None, now: datetime) -> str | None:
    """Why this reader cannot enter (None: they can)."""
    if player is None or player.email is None:
        return NOT_AN_ACCOUNT
    if entry_of(draw, player) is not None:
        return ALREADY_ENTERED
    if now >= draw.entries_close_at or draw.drawn_at is not None:
        return ENTRIES_CLOSED
    if player.email_confirmed_at is None:
        return UNCONFIRMED
    if not _solved_while_live(riddle, player):
        return NOT_SOLVED
    return None


def enter(
    draw: PrizeDraw,
    riddle: Riddle,
    player: Player,
    consent_text: str,
    show_name: bool,
    now: datetime,
) -> str | None:
    """Enter the account (with the consent wording it ticked and the time); None when done,
    else why not. Two clicks at once make one entry (unique per draw and player)."""
    problem = why_not(draw, riddle, player, now)
    if problem is not None:
        return problem
    db.session.add(
        PrizeEntry(
            draw_id=draw.id,
            player_id=player.id,
            consent_text=consent_text,
            consented_at=now,
            show_name=show_name,
        )
    )
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return ALREADY_ENTERED
    return None


def barred_player_ids(riddle: Riddle) -> set[int]:
    """Players moderation bars from winning this riddle's prize: banned from scoring, or
    with a flag on their solve of it that no editor has settled yet."""
    banned = sa.select(Player.id).where(Player.banned_at.is_not(None))
    flagged = (
        sa.select(Flag.player_id)
        .join(Solve, Solve.id == Flag.solve_id)
        .where(Solve.riddle_id == riddle.id, Flag.settled_at.is_(None))
    )
    return set(db.session.scalars(sa.union(banned, flagged)))


def _excluded(draw: PrizeDraw, banned: set[int]) -> set[int]:
    """Entries that cannot win: disqualified by a redraw, the account deleted or no longer
    confirmed, or the player barred by moderation (`banned`)."""
    rows = db.session.execute(
        sa.select(
            PrizeEntry.id, PrizeEntry.player_id, PrizeEntry.disqualified, Player.email_confirmed_at
        )
        .outerjoin(Player, Player.id == PrizeEntry.player_id)
        .where(PrizeEntry.draw_id == draw.id)
    ).all()
    return {
        row.id
        for row in rows
        if row.disqualified
        or row.player_id is None
        or row.email_confirmed_at is None
        or row.player_id in banned
    }


def run_draw(
    draw: PrizeDraw, riddle: Riddle, now: datetime, actor: Player | None, banned: set[int]
) -> list[PrizeEntry]:
    """Draw the winners once entries are closed; returns them in place order."""
    if now < draw.entries_close_at:
        raise ValueError("entries-open")
    if draw.drawn_at is not None:
        raise ValueError("drawn")
    ids = [entry.id for entry in draw.entries]
    chosen = rules.winners(draw.seed, ids, draw.winner_count, _excluded(draw, banned))
    by_id = {entry.id: entry for entry in draw.entries}
    for place, entry_id in enumerate(chosen, start=1):
        by_id[entry_id].won_place = place
    draw.drawn_at = now
    audit.record(actor, "prize-draw", riddle, f"{len(ids)} entries, winners {chosen}")
    db.session.commit()
    return [by_id[i] for i in chosen]


def redraw_one(
    draw: PrizeDraw,
    riddle: Riddle,
    entry: PrizeEntry,
    reason: str,
    actor: Player | None,
    banned: set[int],
) -> PrizeEntry | None:
    """Replace one winner (audited, with the reason): the next eligible entry in the draw
    order takes their place. None when nobody is left."""
    if draw.drawn_at is None or entry.won_place is None or entry.draw_id != draw.id:
        raise ValueError("not-a-winner")
    place, entry.won_place, entry.disqualified = entry.won_place, None, reason[:300]
    db.session.flush()
    taken = {e.id for e in draw.entries if e.won_place is not None}
    excluded = _excluded(draw, banned) | taken
    successor = next(
        iter(rules.winners(draw.seed, [e.id for e in draw.entries], 1, excluded)), None
    )
    if successor is not None:
        replacement = next(e for e in draw.entries if e.id == successor)
        replacement.won_place = place
    audit.record(
        actor, "prize-redraw", riddle, f"place {place}: {entry.id} -> {successor} ({reason})"
    )
    db.session.commit()
    return replacement if successor is not None else None


@dataclass(frozen=True)
class PublishedDraw:
    """What anyone may see after the draw (no names but the winners who agreed)."""

    seed: str
    entry_ids: list[int]
    excluded_ids: list[int]
    winners: list[tuple[int, int, str | None]]  # (place, entry id, nickname if agreed)


def published(draw: PrizeDraw) -> PublishedDraw | None:
    if draw.drawn_at is None:
        return None
    rows = db.session.execute(
        sa.select(PrizeEntry, Player.nickname)
        .outerjoin(Player, Player.id == PrizeEntry.player_id)
        .where(PrizeEntry.draw_id == draw.id)
        .order_by(PrizeEntry.id)
    ).all()
    winners = sorted(
        (entry.won_place, entry.id, nickname if entry.show_name else None)
        for entry, nickname in rows
        if entry.won_place is not None
    )
    return PublishedDraw(
        seed=draw.seed,
        entry_ids=[entry.id for entry, _ in rows],
        excluded_ids=[entry.id for entry, _ in rows if entry.disqualified],
        winners=winners,
    )


def purge_due(now: datetime, retention_days: int) -> int:
    """Forget the personal data of entries in draws older than the retention: the account
    link, the consent wording and the name choice go; the ids stay (they are published)."""
    cutoff = now - timedelta(days=retention_days)
    draws = db.session.scalars(
        sa.select(PrizeDraw).where(PrizeDraw.drawn_at <= cutoff, PrizeDraw.purged_at.is_(None))
    ).all()
    for draw in draws:
        db.session.execute(
            sa.update(PrizeEntry)
            .where(PrizeEntry.draw_id == draw.id)
            .values(player_id=None, consent_text="", show_name=False)
        )
        draw.purged_at = now
        riddle = db.session.get(Riddle, draw.riddle_id)
        if riddle is not None:
            audit.record(None, "prize-purge", riddle, f"after {retention_days} days")
    db.session.commit()
    return len(draws)
