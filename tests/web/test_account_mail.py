"""Account mail through a real SMTP server (aiosmtpd, tests/mailbox.py): confirming the
address, "Passwort vergessen", changing the address, and what a failing server does."""

from __future__ import annotations

import logging
import re
import stat
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player
from harzquiz.services.accounts import create_account
from tests.clients import Reader, csrf_token_from
from tests.database import base_config
from tests.factories import NOW, PASSWORD, make_account
from tests.helpers import log_in, register, text_of
from tests.mailbox import free_port

NEW_PASSWORD = "ein-neues-harzpasswort"
MAIL_FAILED = "Die E-Mail konnte nicht gesendet werden, bitte später erneut versuchen."


@pytest.fixture
def app_config(tmp_path, mailbox) -> dict:
    return {**base_config(tmp_path), **mailbox.app_config()}


def fresh(player_id: int) -> Player:
    db.session.rollback()
    return db.session.get(Player, player_id)


def account_by_email(email: str) -> Player | None:
    db.session.rollback()
    return db.session.scalar(sa.select(Player).where(Player.email == email))


def english(client) -> None:
    reader = Reader(client)
    reader.open("/")
    assert reader.post("/sprache/en").status_code == 303


def press_button(client, path: str):
    """Open a page from a mail link and press its one button (a POST with the CSRF token)."""
    reader = Reader(client)
    page = reader.open(path)
    assert page.status_code == 200, text_of(page)
    return reader.post(path)


def ask_for_reset(client, email: str):
    reader = Reader(client)
    reader.open("/passwort-vergessen")
    return reader.post("/passwort-vergessen", {"email": email})


def set_new_password(client, path: str, password: str = NEW_PASSWORD):
    reader = Reader(client)
    reader.open(path)
    return reader.post(path, {"password": password, "confirm": password})


def ask_for_email_change(client, new_email: str, password: str = PASSWORD):
    reader = Reader(client)
    reader.open("/email-aendern")
    return reader.post("/email-aendern", {"email": new_email, "current": password})


def without_csrf(html: str) -> str:
    """The page without its (per-session) CSRF token, wherever it appears."""
    return html.replace(csrf_token_from(html), "")


# --- the mail itself ------------------------------------------------------------------------


def assert_well_formed(received, language: str) -> None:
    message = received.message
    assert parsedate_to_datetime(message["Date"]) == NOW
    assert message["Date"] == format_datetime(NOW)
    assert re.fullmatch(r"<[^@<>]+@harzquiz\.example>", message["Message-ID"])
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Content-Language"] == language
    assert message["From"] == "HarzQuiz <noreply@harzquiz.example>"
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert f'<html lang="{language}">' in received.html
    link = received.link()
    assert f'href="http://localhost{link}"' in received.html


def test_registration_sends_a_german_confirmation_that_confirms(app, client, mailbox):
    response = register(client, "Bestaetiger", "neu@example.org")
    assert response.status_code == 303
    account = account_by_email("neu@example.org")
    assert not account.is_confirmed
    [received] = mailbox.to("neu@example.org")
    assert_well_formed(received, "de")
    assert received.message["Subject"] == "Bitte bestätige deine E-Mail-Adresse"
    assert "Hallo Bestaetiger," in received.text
    assert "Der Link gilt 48 Stunden." in received.text
    profile = text_of(client.get("/profil"))
    assert "ist noch nicht bestätigt" in profile
    assert "Bestätigungslink erneut senden" in profile

    # A mail scanner fetching the link confirms nothing; the button does.
    assert "Adresse bestätigen" in text_of(client.get(received.link()))
    assert not fresh(account.id).is_confirmed
    response = press_button(client, received.link())
    assert response.status_code == 303 and response.headers["Location"] == "/profil"
    assert fresh(account.id).is_confirmed
    profile = text_of(client.get("/profil"))
    assert "neu@example.org (bestätigt)" in profile
    assert "erneut senden" not in profile
    # Confirming again is harmless (the link still proves the same address).
    assert press_button(app.test_client(), received.link()).status_code == 303


def test_an_english_reader_gets_the_mail_in_english(app, client, mailbox):
    english(client)
    register(client, "Reader", "reader@example.org")
    received = mailbox.last_to("reader@example.org")
    assert_well_formed(received, "en")
    assert received.message["Subject"] == "Please confirm your email address"
    assert "Hello Reader," in received.text
    assert "bestätige" not in received.text + received.html


def test_the_profile_resends_the_link_and_limits_resending(app, client, mailbox):
    account = make_account()
    log_in(client, account.email)
    reader = Reader(client)
    reader.open("/profil")
    for _ in range(3):
        response = reader.post("/email-bestaetigen")
        assert response.status_code == 303
    assert len(mailbox.to(account.email)) == 3
    assert "Wir haben dir den Bestätigungslink" in text_of(client.get("/profil"))
    assert reader.post("/email-bestaetigen").status_code == 429
    assert len(mailbox.to(account.email)) == 3
    press_button(client, mailbox.last_to(account.email).link())
    assert fresh(account.id).is_confirmed


def test_resending_needs_an_account(client, mailbox):
    reader = Reader(client)
    reader.open("/")
    response = reader.post("/email-bestaetigen")
    assert response.status_code in (302, 303) and "/anmelden" in response.headers["Location"]
    assert mailbox.received == []


def test_accounts_made_by_create_user_count_as_confirmed(app):
    editor = create_account("Redakteurin", "red@example.org", PASSWORD)
    assert isinstance(editor, Player) and editor.is_confirmed


def test_a_confirmation_link_for_an_old_address_no_longer_works(app, client, mailbox):
    register(client, "Umzug", "alt@example.org")
    link = mailbox.last_to("alt@example.org").link()
    account = account_by_email("alt@example.org")
    account.email = "anders@example.org"
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    assert "nicht mehr gültig" in text_of(response)
    assert not fresh(account.id).is_confirmed


# --- "Passwort vergessen" -----------------------------------------------------------------


def test_the_login_page_links_to_forgotten_password(client):
    assert 'href="/passwort-vergessen"' in text_of(client.get("/anmelden"))


def test_forgotten_password_end_to_end(app, client, mailbox):
    account = make_account()
    other_device = app.test_client()
    assert log_in(other_device, account.email).status_code == 303
    response = ask_for_reset(client, account.email.upper())
    assert response.status_code == 200
    assert "Wenn ein Konto mit dieser E-Mail-Adresse existiert" in text_of(response)
    received = mailbox.last_to(account.email)
    assert_well_formed(received, "de")
    assert "Der Link gilt 1 Stunde und funktioniert nur einmal." in received.text
    link = received.link()
    assert "Neues Passwort wählen" in text_of(client.get(link))

    response = set_new_password(client, link)
    assert response.status_code == 303 and response.headers["Location"] == "/anmelden"
    assert "Melde dich jetzt mit dem neuen Passwort an." in text_of(client.get("/anmelden"))
    assert log_in(app.test_client(), account.email, PASSWORD).status_code == 422
    assert log_in(app.test_client(), account.email, NEW_PASSWORD).status_code == 303
    # Every other session ended.
    assert "Abmelden" not in text_of(other_device.get("/"))
    # The link works once: its page and its form now refuse clearly.
    for response in (client.get(link), set_new_password(client, link, "noch-ein-passwort-1")):
        assert response.status_code == 410
        page = text_of(response)
        assert "Der Link wurde schon benutzt oder ist nicht mehr gültig." in page
        assert 'href="/passwort-vergessen"' in page
    assert log_in(app.test_client(), account.email, NEW_PASSWORD).status_code == 303
    # Receiving the link proved the address.
    assert fresh(account.id).is_confirmed


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(app, mailbox):
    account = make_account()
    known = ask_for_reset(app.test_client(), account.email)
    unknown = ask_for_reset(app.test_client(), "niemand@example.org")
    assert known.status_code == unknown.status_code == 200
    # The same page, but for the address typed (shown again in the form field).
    known_page = without_csrf(text_of(known)).replace(account.email, "ADDRESS")
    unknown_page = without_csrf(text_of(unknown)).replace("niemand@example.org", "ADDRESS")
    assert known_page == unknown_page
    assert [mail.rcpt_tos for mail in mailbox.received] == [[account.email]]


def test_an_expired_reset_link_is_refused_clearly(app, client, mailbox):
    account = make_account()
    ask_for_reset(client, account.email)
    link = mailbox.last_to(account.email).link()
    app.config["NOW"] = NOW + timedelta(minutes=59)
    assert client.get(link).status_code == 200
    app.config["NOW"] = NOW + timedelta(hours=1, seconds=1)
    for response in (client.get(link), set_new_password(client, link)):
        assert response.status_code == 410
        assert "Der Link ist abgelaufen." in text_of(response)
        assert 'href="/passwort-vergessen"' in text_of(response)
    assert log_in(app.test_client(), account.email, PASSWORD).status_code == 303


def test_forged_and_misused_links_get_a_400_page(app, client, mailbox):
    account = make_account()
    register(app.test_client(), "Fremd", "fremd@example.org")
    confirm_link = mailbox.last_to("fremd@example.org").link()
    ask_for_reset(client, account.email)
    reset_token = mailbox.last_to(account.email).link().rsplit("/", 1)[1]
    for path in (
        "/passwort-vergessen/kaputt",
        "/passwort-vergessen/" + reset_token[:-2],  # cut off
        "/passwort-vergessen/" + confirm_link.rsplit("/", 1)[1],  # another purpose's token
        "/email-bestaetigen/" + reset_token,
        "/email-aendern/" + reset_token,
    ):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "Der Link ist ungültig." in text_of(response)
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Referrer-Policy"] == "no-referrer"


def test_reset_mails_per_address_are_limited_but_the_answer_stays(app, mailbox):
    account = make_account()
    app.config["ACCOUNT_MAIL_LIMIT_PER_IP"] = "100/minute"
    answers = {ask_for_reset(app.test_client(), account.email).status_code for _ in range(5)}
    assert answers == {200}
    assert len(mailbox.to(account.email)) == 3  # RESET_MAILS_PER_EMAIL
    # The links already sent still work: nobody can lock the owner out by asking for more.
    first_link = mailbox.to(account.email)[0].link()
    assert set_new_password(app.test_client(), first_link).status_code == 303


def test_reset_requests_per_client_address_are_limited(app, mailbox):
    statuses = [ask_for_reset(app.test_client(), f"x{n}@example.org").status_code for n in range(6)]
    assert statuses == [200] * 5 + [429]


# --- changing the address ------------------------------------------------------------------


def test_changing_the_email_end_to_end(app, client, mailbox):
    account = make_account()
    old = account.email
    log_in(client, old)
    response = ask_for_email_change(client, "Neue@Example.org")
    assert response.status_code == 303
    assert "Erst wenn du ihn öffnest" in text_of(client.get("/profil"))
    assert fresh(account.id).email == old  # nothing changes before the link is used
    confirmation = mailbox.last_to("neue@example.org")
    notice = mailbox.last_to(old)
    assert_well_formed(confirmation, "de")
    assert notice.message["Subject"] == "Deine E-Mail-Adresse soll geändert werden"
    assert "neue@example.org" in notice.text and "Wähle hier sofort ein neues" in notice.text
    assert notice.link() == "/passwort-vergessen"

    link = confirmation.link()
    assert "neue@example.org" in text_of(client.get(link))
    response = press_button(app.test_client(), link)  # any browser: the link is the proof
    assert response.status_code == 303
    changed = fresh(account.id)
    assert changed.email == "neue@example.org" and changed.is_confirmed
    assert log_in(app.test_client(), "neue@example.org").status_code == 303
    assert log_in(app.test_client(), old).status_code == 422
    reused = client.get(link)
    assert reused.status_code == 410 and 'href="/email-aendern"' in text_of(reused)


def test_an_email_change_needs_the_password_and_a_free_address(app, client, mailbox):
    account = make_account()
    other = make_account()
    log_in(client, account.email)
    response = ask_for_email_change(client, "neu@example.org", "falsches-passwort")
    assert response.status_code == 422
    assert "Das aktuelle Passwort stimmt nicht." in text_of(response)
    response = ask_for_email_change(client, other.email.upper())
    assert response.status_code == 422
    assert "gehört schon zu einem anderen Konto" in text_of(response)
    response = ask_for_email_change(client, account.email)
    assert response.status_code == 422
    assert "Das ist schon deine E-Mail-Adresse." in text_of(response)
    assert mailbox.received == []


def test_an_address_taken_before_the_link_is_used_is_refused(app, client, mailbox):
    account = make_account()
    log_in(client, account.email)
    ask_for_email_change(client, "begehrt@example.org")
    link = mailbox.last_to("begehrt@example.org").link()
    make_account(email="begehrt@example.org")
    response = client.get(link)
    assert response.status_code == 409
    assert "gehört inzwischen zu einem anderen Konto" in text_of(response)
    assert fresh(account.id).email == account.email


def test_an_email_change_needs_an_account(client):
    response = client.get("/email-aendern")
    assert response.status_code in (302, 303) and "/anmelden" in response.headers["Location"]


# --- a failing mail server ---------------------------------------------------------------------


@pytest.mark.parametrize("failure", ["refused", "451"])
def test_a_failing_mail_server_gives_a_clear_message_and_keeps_the_account(
    app, client, mailbox, failure, caplog
):
    if failure == "refused":
        app.config["MAIL_PORT"] = free_port()  # nothing listens there
    else:
        mailbox.refuse_with = "451 4.3.0 Try again later"
    with caplog.at_level(logging.WARNING, logger="harzquiz.services.mail"):
        response = register(client, "Pechvogel", "pech@example.org")
    assert response.status_code == 303
    page = text_of(client.get(response.headers["Location"]))
    assert MAIL_FAILED in page and "Willkommen, Pechvogel!" in page
    account = account_by_email("pech@example.org")
    assert account is not None and not account.is_confirmed
    assert any("not sent" in record.getMessage() for record in caplog.records)

    # Resending from the profile says the same.
    reader = Reader(client)
    reader.open("/profil")
    assert reader.post("/email-bestaetigen").status_code == 303
    assert MAIL_FAILED in text_of(client.get("/profil"))
    # An email change that cannot be mailed changes nothing and says so.
    response = ask_for_email_change(client, "anders@example.org")
    assert response.status_code == 503 and MAIL_FAILED in text_of(response)
    assert fresh(account.id).email == "pech@example.org"
    # "Passwort vergessen" answers as always (telling would tell the address has an account).
    response = ask_for_reset(app.test_client(), "pech@example.org")
    assert response.status_code == 200 and "Wenn ein Konto" in text_of(response)
    assert mailbox.received == []


# --- without an SMTP server -----------------------------------------------------------------


def test_without_a_mail_host_mails_are_written_as_files(app, client, caplog, tmp_path):
    app.config["MAIL_HOST"] = ""
    directory = Path(app.config["MAIL_FILE_DIR"])
    with caplog.at_level(logging.INFO, logger="harzquiz.services.mail"):
        register(client, "Dateimensch", "datei@example.org")
    [written] = list(directory.glob("*.eml"))
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    content = written.read_bytes()
    assert b"To: datei@example.org" in content and b"Auto-Submitted: auto-generated" in content
    lines = [record.getMessage() for record in caplog.records]
    lines = [line for line in lines if "written to" in line]
    assert len(lines) == 1 and str(written) in lines[0]


def test_email_change_attempts_follow_the_password_change_limit(app, client, mailbox):
    """An email change checks the password: per account it is limited like a password change
    (not by the per-email login limit, which is high on purpose)."""
    app.config["PASSWORD_CHANGE_LIMIT_PER_ACCOUNT"] = "2/hour"
    account = make_account()
    log_in(client, account.email)
    statuses = [
        ask_for_email_change(client, "neu@example.org", "falsch-geraten").status_code
        for _ in range(3)
    ]
    assert statuses[:2] != [429, 429] and statuses[2] == 429
    assert fresh(account.id).email == account.email
