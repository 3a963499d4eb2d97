"""Outgoing mail: compose (German or English, text plus HTML) and deliver.

Delivery goes to the SMTP server in `MAIL_HOST` (plain, STARTTLS or SSL, with optional
login), using the standard library's smtplib: the app sends a handful of account mails,
and smtplib with `email.message.EmailMessage` gives full control of every header
(`Auto-Submitted`, the `Message-ID` domain, the app clock in `Date`) without another
dependency. Without `MAIL_HOST`, each mail is written as an .eml file to `MAIL_FILE_DIR`
(default `instance/mail/`, created 0700) and one line is logged, so a development
checkout needs no mail server.

`deliver` never raises: a refused or unreachable server is logged (with the request id)
and reported as False, and the view tells the reader the mail could not be sent.
"""

from __future__ import annotations

import logging
import os
import secrets
import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path

from flask import current_app, render_template, request, url_for
from flask_babel import get_locale

from harzquiz import clock

log = logging.getLogger(__name__)


def sender_domain() -> str:
    """The domain of the configured sender (the site's mail domain, used in Message-IDs)."""
    _name, address = parseaddr(current_app.config["MAIL_SENDER"])
    return address.rpartition("@")[2] or "localhost"


def external_url(endpoint: str, **values) -> str:
    """An absolute link for a mail: SITE_URL plus the path (never the request's Host header
    when SITE_URL is set; without it, development falls back to the request's address)."""
    site = current_app.config.get("SITE_URL", "").rstrip("/")
    if site:
        return site + url_for(endpoint, **values)
    return request.host_url.rstrip("/") + url_for(endpoint, **values)


def language() -> str:
    """The reader's language ("de" or "en"), the one the mail is written in."""
    locale = get_locale()
    return locale.language if locale is not None else "de"


def compose(to: str, subject: str, template: str, **context) -> EmailMessage:
    """A mail to `to` in the reader's current language: templates/mail/<template>.txt as
    the plain text, templates/mail/<template>.html as its HTML alternative."""
    context = {
        "subject": subject,
        "site_name": current_app.config["SITE_NAME"],
        "language": language(),
        **context,
    }
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = Address(addr_spec=to)
    message["Date"] = format_datetime(clock.now())
    message["Message-ID"] = make_msgid(domain=sender_domain())
    # RFC 3834: written by a program, so autoresponders must not answer it.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_template(f"mail/{template}.txt", **context))
    message.add_alternative(render_template(f"mail/{template}.html", **context), subtype="html")
    # After the body: making it multipart moves Content-* headers into the first part.
    message["Content-Language"] = language()
    return message


def deliver(message: EmailMessage) -> bool:
    """Send (or, without MAIL_HOST, file) the message; False when that failed (logged)."""
    config = current_app.config
    try:
        if config.get("MAIL_HOST"):
            _send_smtp(message, config)
        else:
            _write_file(message, config)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("mail %r not sent: %s: %s", message["Subject"], type(error).__name__, error)
        return False
    return True


def send(to: str, subject: str, template: str, **context) -> bool:
    """Compose and deliver one mail; False when it could not be sent."""
    return deliver(compose(to, subject, template, **context))


def _send_smtp(message: EmailMessage, config) -> None:
    with smtp_connection(config) as smtp:
        smtp.send_message(message)


@contextmanager
def smtp_connection(config) -> Iterator[smtplib.SMTP]:
    """One logged-in connection to MAIL_HOST, for one mail or a batch of many (the riddle
    announcements send thousands through one connection)."""
    host, port, timeout = config["MAIL_HOST"], int(config["MAIL_PORT"]), config["MAIL_TIMEOUT"]
    if config.get("MAIL_USE_SSL"):
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    with smtp:
        if config.get("MAIL_USE_STARTTLS") and not config.get("MAIL_USE_SSL"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        yield smtp


def write_file(message: Message) -> None:
    """File one mail (the backend without MAIL_HOST)."""
    _write_file(message, current_app.config)


def mail_directory(config) -> Path:
    """Where the file backend writes mails (created 0700: they hold login links)."""
    directory = Path(config.get("MAIL_FILE_DIR") or Path(current_app.instance_path) / "mail")
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    directory.chmod(0o700)
    return directory


def _write_file(message: Message, config) -> None:
    stamp = clock.now().strftime("%Y%m%dT%H%M%S")
    path = mail_directory(config) / f"{stamp}-{secrets.token_hex(4)}.eml"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(message.as_bytes())
    log.info("mail %r written to %s (no HARZQUIZ_MAIL_HOST set)", message["Subject"], path)
