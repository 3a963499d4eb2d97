"""`flask notify`: announce riddles that have gone live, then send every message owed.

Idempotent by construction, also with two runs at once:
- an announcement is unique per riddle and is created together with all its deliveries in
  one transaction, so only one run can create them (the other gets the unique violation
  and moves on);
- a run claims a batch of due deliveries with one UPDATE that only takes unclaimed rows
  (PostgreSQL re-checks that condition after waiting for a competing claim; SQLite
  serialises writers), and only then sends them.
A message is sent at most once unless a run dies between sending and recording it (then
its claim expires after NOTIFY_LEASE_SECONDS and it is sent again: at least once, never lost).
A failed send is logged and tried again later (rules.notify), never in a web request.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Announcement, Delivery, MailSubscription, Player, Riddle
from harzquiz.rules.notify import gives_up, retry_delay
from harzquiz.services import announcement_mail, telegram

log = logging.getLogger(__name__)


@dataclass
class Report:
    """What one run did."""

    announced: int = 0
    sent: int = 0
    skipped: int = 0
    retrying: int = 0
    failed: int = 0


def telegram_chats() -> list[str]:
    """The channel ids to post to (none without a bot token)."""
    config = current_app.config
    if not config.get("TELEGRAM_BOT_TOKEN"):
        return []
    chats = config.get("TELEGRAM_CHAT_IDS") or ()
    if isinstance(chats, str):
        chats = chats.split(",")
    return [str(chat).strip() for chat in chats if str(chat).strip()]


def due_riddles(now: datetime) -> Sequence[Riddle]:
    """Riddles that went live within NOTIFY_MAX_AGE_HOURS and are not announced yet (an old
    riddle is never announced late, e.g. on the first run after an upgrade)."""
    oldest = now - timedelta(hours=current_app.config["NOTIFY_MAX_AGE_HOURS"])
    announced = sa.select(Announcement.id).where(Announcement.riddle_id == Riddle.id)
    return db.session.scalars(
        sa.select(Riddle)
        .where(Riddle.publish_at.is_not(None), Riddle.publish_at <= now)
        .where(Riddle.publish_at > oldest, ~announced.exists())
        .where(Riddle.closes_at.is_(None) | (Riddle.closes_at > now))
        .order_by(Riddle.publish_at)
    ).all()


def announce(riddle: Riddle, now: datetime) -> bool:
    """Create the riddle's announcement and a delivery per recipient, all or nothing; False
    when another run already did."""
    try:
        announcement = Announcement(riddle_id=riddle.id, created_at=now)
        db.session.add(announcement)
        db.session.flush()
        recipients = (
            sa.select(
                sa.literal(announcement.id),
                sa.literal("mail:") + sa.cast(Player.id, sa.String),
                Player.id,
                sa.literal("pending"),
                sa.literal(0),
                sa.literal(now, type_=Delivery.next_try_at.type),
                sa.literal(""),
            )
            .join(MailSubscription, MailSubscription.player_id == Player.id)
            .where(MailSubscription.opted_in, Player.email_confirmed_at.is_not(None))
        )
        columns = ["announcement_id", "target", "player_id", "status", "attempts"]
        db.session.execute(
            sa.insert(Delivery).from_select([*columns, "next_try_at", "last_error"], recipients)
        )
        for chat in telegram_chats():
            db.session.add(
                Delivery(
                    announcement_id=announcement.id, target=f"telegram:{chat}", next_try_at=now
                )
            )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()  # another run announced it first
        return False
    return True


def claim(now: datetime, size: int) -> list[Delivery]:
    """Take up to `size` due deliveries nobody holds (or whose holder died) for this run."""
    token = secrets.token_hex(16)
    stale = now - timedelta(seconds=current_app.config["NOTIFY_LEASE_SECONDS"])
    free = Delivery.claimed_by.is_(None) | (Delivery.claimed_at < stale)
    due = (Delivery.status == "pending") & (Delivery.next_try_at <= now)
    batch = sa.select(Delivery.id).where(due, free).order_by(Delivery.id).limit(size)
    db.session.execute(
        sa.update(Delivery)
        .where(Delivery.id.in_(batch.scalar_subquery()), due, free)
        .values(claimed_by=token, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return list(
        db.session.scalars(
            sa.select(Delivery).where(Delivery.claimed_by == token).order_by(Delivery.id)
        )
    )


def _finish(ids: list[int], now: datetime, status: str) -> None:
    if ids:
        db.session.execute(
            sa.update(Delivery)
            .where(Delivery.id.in_(ids))
            .values(status=status, sent_at=now if status == "sent" else None, claimed_by=None)
            .execution_options(synchronize_session=False)
        )


def _failed(delivery: Delivery, error: str, now: datetime, report: Report) -> None:
    """Record a failed try: again later, or failed for good after the last attempt."""
    delivery.attempts += 1
    delivery.last_error = error[:300]
    delivery.claimed_by = None
    if gives_up(delivery.attempts, current_app.config["NOTIFY_MAX_ATTEMPTS"]):
        delivery.status = "failed"
        report.failed += 1
        log.error("announcement %s to %s failed for good: %s", delivery.id, delivery.target, error)
    else:
        delivery.next_try_at = now + retry_delay(delivery.attempts)
        report.retrying += 1
        log.warning(
            "announcement %s to %s failed, retrying: %s", delivery.id, delivery.target, error
        )


def send_batch(batch: list[Delivery], now: datetime, report: Report) -> None:
    """Send a claimed batch: mails through one SMTP connection, then the Telegram posts."""
    mails = [d for d in batch if d.target.startswith("mail:")]
    posts = [d for d in batch if d.target.startswith("telegram:")]
    outcome = announcement_mail.send_all(mails, now)
    for delivery in posts:
        outcome[delivery.id] = telegram.announce(delivery, now)
    sent = [i for i, result in outcome.items() if result == announcement_mail.SENT]
    skipped = [i for i, result in outcome.items() if result == announcement_mail.SKIPPED]
    _finish(sent, now, "sent")
    _finish(skipped, now, "skipped")
    report.sent += len(sent)
    report.skipped += len(skipped)
    for delivery in batch:
        result = outcome.get(delivery.id, "not sent")
        if result not in (announcement_mail.SENT, announcement_mail.SKIPPED):
            _failed(delivery, result, now, report)
    db.session.commit()


def run(now: datetime) -> Report:
    """Announce what is due, then send everything owed, batch by batch."""
    report = Report()
    for riddle in due_riddles(now):
        report.announced += announce(riddle, now)
    size = current_app.config["NOTIFY_BATCH_SIZE"]
    while batch := claim(now, size):
        send_batch(batch, now, report)
    return report
