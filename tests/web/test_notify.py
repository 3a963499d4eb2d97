"""`flask notify`, end to end: a real SMTP server (aiosmtpd) and a Telegram stand-in.

Announces each riddle once, to confirmed accounts that opted in and to the channels; never
twice, also with two runs at once; a failing SMTP server or API is retried later."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.app import create_app
from harzquiz.extensions import db
from harzquiz.models import Delivery, MailSubscription
from harzquiz.services import notify
from tests.database import base_config
from tests.factories import NOW, make_account, make_riddle
from tests.standin import telegram_standin

BOT_TOKEN = "123:stand-in-token"


@pytest.fixture
def telegram():
    with telegram_standin() as standin:
        yield standin


@pytest.fixture
def app_config(mailbox, telegram) -> dict:
    return {
        **base_config(),
        **mailbox.app_config(),
        "TELEGRAM_BOT_TOKEN": BOT_TOKEN,
        "TELEGRAM_CHAT_IDS": "@goslarnews, @harznews",
        "TELEGRAM_API_URL": telegram.url,
    }


def subscriber(opted_in=True, confirmed=True, language="de", **overrides):
    account = make_account(
        email_confirmed_at=NOW - timedelta(days=1) if confirmed else None, **overrides
    )
    db.session.add(MailSubscription(player_id=account.id, opted_in=opted_in, language=language))
    db.session.commit()
    return account


def run(runner):
    result = runner.invoke(args=["notify"])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_new_riddle_is_announced_by_mail_and_on_telegram(app, runner, mailbox, telegram):
    riddle = make_riddle(slug="boje", title="Die Boje", publish_at=NOW - timedelta(minutes=3))
    yes = subscriber()
    english = subscriber(language="en")
    unconfirmed = subscriber(confirmed=False)
    declined = subscriber(opted_in=False)
    never_asked = make_account(email_confirmed_at=NOW)

    output = run(runner)
    assert "Announced 1 riddles; sent 4" in output  # two mails, two channel posts

    assert {mail.rcpt_tos[0] for mail in mailbox.received} == {yes.email, english.email}
    for nobody in (unconfirmed, declined, never_asked):
        assert mailbox.to(nobody.email) == []
    german = mailbox.last_to(yes.email)
    assert german.message["Subject"] == "Neues Rätsel der Woche: Die Boje"
    assert "http://localhost/raetsel/boje" in german.text
    assert "Kugelgrill" not in german.text + german.html  # never the solution
    assert mailbox.last_to(english.email).message["Subject"] == "New riddle of the week: Die Boje"
    # RFC 8058 one-click unsubscribe, and the link in the text.
    unsubscribe = german.message["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://localhost/benachrichtigungen/abbestellen/")
    assert german.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in german.text

    chats = sorted(request.body["chat_id"] for request in telegram.requests)
    assert chats == ["@goslarnews", "@harznews"]
    assert all(r.path == f"/bot{BOT_TOKEN}/sendMessage" for r in telegram.requests)
    assert "http://localhost/raetsel/boje" in telegram.requests[0].body["text"]
    assert "Kugelgrill" not in telegram.requests[0].body["text"]
    assert riddle.solution == "Kugelgrill"


def test_running_again_sends_nothing_twice(app, runner, mailbox, telegram):
    make_riddle(publish_at=NOW - timedelta(minutes=1))
    subscriber()
    run(runner)
    assert "Announced 0 riddles; sent 0" in run(runner)
    assert len(mailbox.received) == 1 and len(telegram.requests) == 2


def test_riddles_not_yet_live_or_long_live_are_not_announced(app, runner, mailbox, telegram):
    make_riddle(publish_at=NOW + timedelta(minutes=5))  # scheduled
    make_riddle(publish_at=None)  # draft
    make_riddle(publish_at=NOW - timedelta(days=3))  # live for long: never announced late
    subscriber()
    assert "Announced 0 riddles; sent 0" in run(runner)
    assert mailbox.received == [] and telegram.requests == []


def test_a_reader_who_opts_out_before_the_send_gets_nothing(app, mailbox, telegram):
    riddle = make_riddle(publish_at=NOW - timedelta(minutes=1))
    account = subscriber()
    with app.test_request_context("/", base_url="http://localhost"):
        assert notify.announce(riddle, NOW)
        db.session.get(MailSubscription, account.id).opted_in = False
        db.session.commit()
        while batch := notify.claim(NOW, 100):
            report = notify.Report()
            notify.send_batch(batch, NOW, report)
            assert report.skipped == 1
    assert mailbox.received == []


def test_a_failing_smtp_server_is_retried_later_and_logged(app, runner, mailbox, telegram, caplog):
    make_riddle(publish_at=NOW - timedelta(minutes=1))
    account = subscriber()
    mailbox.refuse_with = "451 4.3.0 Try again later"
    assert "retrying 1" in run(runner)
    assert "failed, retrying" in caplog.text and "451" in caplog.text
    delivery = db.session.scalar(sa.select(Delivery).where(Delivery.player_id == account.id))
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_try_at == NOW + timedelta(minutes=1)
    # Not before its time...
    mailbox.refuse_with = None
    assert "sent 0" in run(runner)
    # ...then it goes out, once.
    app.config["NOW"] = NOW + timedelta(minutes=2)
    assert "sent 1" in run(runner)
    assert len(mailbox.to(account.email)) == 1


def test_an_unreachable_smtp_server_does_not_lose_the_mail(app, runner, telegram):
    from tests.mailbox import free_port

    make_riddle(publish_at=NOW - timedelta(minutes=1))
    subscriber()
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    output = run(runner)
    assert "retrying 1" in output and "sent 2" in output  # the channels still got theirs


def test_a_telegram_error_is_retried_and_given_up_after_the_last_attempt(app, runner, telegram):
    make_riddle(publish_at=NOW - timedelta(minutes=1))
    telegram.status, telegram.answer = 400, {"ok": False, "description": "chat not found"}
    app.config["NOTIFY_MAX_ATTEMPTS"] = 2
    assert "retrying 2" in run(runner)
    app.config["NOW"] = NOW + timedelta(hours=1)
    assert "failed 2" in run(runner)
    errors = db.session.scalars(sa.select(Delivery.last_error)).all()
    assert errors == ["HTTP 400: chat not found"] * 2
    app.config["NOW"] = NOW + timedelta(days=1)
    assert "sent 0" in run(runner) and len(telegram.requests) == 4


def test_notify_needs_the_site_address(app, runner):
    app.config["SITE_URL"] = ""
    result = runner.invoke(args=["notify"])
    assert result.exit_code != 0 and "SITE_URL" in result.output


def test_two_runs_at_once_send_every_mail_exactly_once(app_config, mailbox, telegram):
    """Two `flask notify` processes at the same moment (two apps, two connections): every
    reader gets one mail, every channel one post."""
    first, second = create_app(app_config), create_app(app_config)
    with first.app_context():
        from tests.database import reset_database

        reset_database()
        make_riddle(publish_at=NOW - timedelta(minutes=1))
        emails = [subscriber().email for _ in range(60)]
    first.config["NOTIFY_BATCH_SIZE"] = second.config["NOTIFY_BATCH_SIZE"] = 7
    barrier = threading.Barrier(2)
    reports: list[notify.Report] = []

    def one_run(app):
        with app.app_context(), app.test_request_context("/", base_url="http://localhost"):
            barrier.wait()
            reports.append(notify.run(NOW))
            db.session.remove()

    threads = [threading.Thread(target=one_run, args=(a,)) for a in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(reports) == 2
    assert sum(r.announced for r in reports) == 1
    assert sum(r.sent for r in reports) == 62
    assert sorted(mail.rcpt_tos[0] for mail in mailbox.received) == sorted(emails)
    assert len(telegram.requests) == 2
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()
