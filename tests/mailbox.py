"""A real SMTP server for the tests (aiosmtpd on a free local port) that keeps every mail.

The app sends through smtplib exactly as in production; the tests read what arrived,
parsed with the modern email policy. `refuse_with` makes the server answer every mail
with an SMTP error (e.g. "451 4.3.0 Try again later"), as a server in trouble does.
"""

from __future__ import annotations

import email
import re
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default
from urllib.parse import urlsplit

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One mail as the server got it: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(preferencelist=("html",)).get_content()

    def link(self) -> str:
        """The path of the (first) link to the site in the plain text."""
        match = re.search(r"https?://\S+", self.text)
        assert match, f"no link in the mail:\n{self.text}"
        return urlsplit(match.group(0)).path


@dataclass
class Mailbox:
    """What the server received, and how the app reaches it."""

    host: str
    port: int
    received: list[Received] = field(default_factory=list)
    refuse_with: str | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.refuse_with:
            return self.refuse_with
        message = email.message_from_bytes(envelope.original_content, policy=default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        """The mails for one recipient, oldest first."""
        return [mail for mail in self.received if address in mail.rcpt_tos]

    def last_to(self, address: str) -> Received:
        mails = self.to(address)
        assert mails, f"no mail to {address}; got mail for {[m.rcpt_tos for m in self.received]}"
        return mails[-1]

    def app_config(self) -> dict:
        """The app config that sends through this server."""
        return {"MAIL_HOST": self.host, "MAIL_PORT": self.port, "SITE_URL": "http://localhost"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server():
    """A running SMTP server on 127.0.0.1, stopped afterwards."""
    mailbox = Mailbox(host="127.0.0.1", port=free_port())
    controller = Controller(mailbox, hostname=mailbox.host, port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
