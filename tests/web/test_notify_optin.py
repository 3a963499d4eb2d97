"""The mail opt-in for new riddles (asked once after registering, changeable on the
profile) and the one-click unsubscribe link (RFC 8058)."""

from __future__ import annotations

from datetime import timedelta

from harzquiz.extensions import db
from harzquiz.models import MailSubscription
from harzquiz.services import subscriptions
from tests.clients import csrf_token_from
from tests.factories import NOW, PASSWORD, make_account


def login(client, account):
    page = client.get("/anmelden")
    response = client.post(
        "/anmelden",
        data={
            "email": account.email,
            "password": PASSWORD,
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        },
    )
    assert response.status_code == 303


def choose(client, button: str, next_url: str = ""):
    page = client.get("/benachrichtigungen" + (f"?next={next_url}" if next_url else ""))
    token = csrf_token_from(page.get_data(as_text=True))
    url = "/benachrichtigungen" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={button: "1", "csrf_token": token})


def test_registering_asks_once_and_records_the_answer(client):
    page = client.get("/registrieren?next=/archiv")
    response = client.post(
        "/registrieren?next=/archiv",
        data={
            "nickname": "Brockenfan",
            "email": "fan@example.org",
            "password": "lang-genug-123",
            "confirm": "lang-genug-123",
            "csrf_token": csrf_token_from(page.get_data(as_text=True)),
        },
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/benachrichtigungen?next=/archiv"
    question = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Möchtest du eine E-Mail bekommen" in question
    assert "Mails gehen nur an bestätigte Adressen" in question  # not confirmed yet
    answered = choose(client, "yes", "/archiv")
    assert answered.status_code == 303 and answered.headers["Location"] == "/archiv"
    row = db.session.scalar(db.select(MailSubscription))
    assert row.opted_in is True and row.language == "de"
    assert "Neue Rätsel: Du bekommst eine Mail." in client.get("/profil").get_data(as_text=True)


def test_the_answer_can_be_changed_on_the_profile(client):
    account = make_account(email_confirmed_at=NOW)
    login(client, account)
    assert "Neue Rätsel: Du bekommst keine Mail." in client.get("/profil").get_data(as_text=True)
    client.post(
        "/sprache/en",
        data={"next": "/", "csrf_token": csrf_token_from(client.get("/").get_data(as_text=True))},
    )
    choose(client, "yes")
    assert db.session.get(MailSubscription, account.id).language == "en"
    choose(client, "no")
    assert db.session.get(MailSubscription, account.id).opted_in is False


def test_guests_are_sent_to_log_in_and_a_post_needs_its_token(client):
    response = client.get("/benachrichtigungen")
    assert response.status_code in (302, 303) and "/anmelden" in response.headers["Location"]
    account = make_account(email_confirmed_at=NOW)
    login(client, account)
    assert client.post("/benachrichtigungen", data={"yes": "1"}).status_code == 400
    assert db.session.get(MailSubscription, account.id) is None


def test_one_click_unsubscribe_works_without_cookies_or_csrf(app):
    account = make_account(email_confirmed_at=NOW)
    db.session.add(MailSubscription(player_id=account.id, opted_in=True))
    db.session.commit()
    url = f"/benachrichtigungen/abbestellen/{subscriptions.unsubscribe_token(account.id)}"
    mail_program = app.test_client()  # no cookies, no CSRF token: as RFC 8058 posts
    page = mail_program.get(url)
    assert page.status_code == 200 and 'method="post"' in page.get_data(as_text=True)
    response = mail_program.post(url, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Erledigt" in response.get_data(as_text=True)
    assert db.session.get(MailSubscription, account.id).opted_in is False
    assert mail_program.post(url).status_code == 200  # again: nothing changes, no error


def test_a_forged_or_foreign_unsubscribe_token_changes_nothing(app):
    account = make_account(email_confirmed_at=NOW)
    db.session.add(MailSubscription(player_id=account.id, opted_in=True))
    db.session.commit()
    client = app.test_client()
    for token in ("gefaelscht", subscriptions.unsubscribe_token(account.id) + "x", "MQ"):
        assert client.post(f"/benachrichtigungen/abbestellen/{token}").status_code == 404
        assert client.get(f"/benachrichtigungen/abbestellen/{token}").status_code == 404
    # A token signed for another purpose (another salt) is no unsubscribe token either.
    from itsdangerous import URLSafeSerializer

    other = URLSafeSerializer(app.config["SECRET_KEY"], salt="other").dumps(account.id)
    assert client.post(f"/benachrichtigungen/abbestellen/{other}").status_code == 404
    assert db.session.get(MailSubscription, account.id).opted_in is True


def test_a_deleted_account_is_forgotten_with_its_subscription(client):
    from harzquiz.services.privacy import delete_player

    account = make_account(email_confirmed_at=NOW - timedelta(days=1))
    db.session.add(MailSubscription(player_id=account.id, opted_in=True))
    db.session.commit()
    token = subscriptions.unsubscribe_token(account.id)
    assert delete_player(account) is None
    assert db.session.scalar(db.select(MailSubscription)) is None
    assert client.post(f"/benachrichtigungen/abbestellen/{token}").status_code == 404
