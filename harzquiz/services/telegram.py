"""Posts to the portal's Telegram channels through the Bot API (sendMessage).

The standard library's urllib is enough for one JSON POST per channel and riddle. The API's
address is configurable (TELEGRAM_API_URL), so tests talk to a local stand-in server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from harzquiz.extensions import db
from harzquiz.models import Announcement, Delivery, Riddle
from harzquiz.services import mail

SENT = "sent"


def announce(delivery: Delivery, now: datetime) -> str:
    """Post the delivery's riddle to its channel: SENT, or the error."""
    riddle = db.session.scalar(
        sa.select(Riddle)
        .join(Announcement, Announcement.riddle_id == Riddle.id)
        .where(Announcement.id == delivery.announcement_id)
    )
    if riddle is None:
        return "riddle gone"
    with force_locale("de"):  # the portal's channels are German
        text = _(
            "Neues Rätsel der Woche: %(title)s – jetzt mitraten: %(url)s",
            title=riddle.title,
            url=mail.external_url("riddles.riddle_page", slug=riddle.slug),
        )
    chat = delivery.target.removeprefix("telegram:")
    return post_message(chat, text)


def post_message(chat: str, text: str) -> str:
    """sendMessage to one chat: SENT, or why not (HTTP status and Telegram's description)."""
    config = current_app.config
    url = f"{config['TELEGRAM_API_URL'].rstrip('/')}/bot{config['TELEGRAM_BOT_TOKEN']}/sendMessage"
    body = json.dumps({"chat_id": chat, "text": text}).encode()
    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=config["TELEGRAM_TIMEOUT"]) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}: {_description(error)}"
    except (OSError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    return SENT if answer.get("ok") else f"not ok: {answer.get('description', '')}"


def _description(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(error.read()).get("description", ""))[:200]
    except ValueError:
        return ""
