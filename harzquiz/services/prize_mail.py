"""The winner's mail of a prize draw."""

from __future__ import annotations

from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from harzquiz.extensions import db
from harzquiz.models import MailSubscription, Player, PrizeDraw, PrizeEntry, Riddle
from harzquiz.services import mail


def mail_winners(draw: PrizeDraw, riddle: Riddle, winners: list[PrizeEntry], now: datetime) -> int:
    """Mail each winner (in the language of their mail choice, else German); the number
    sent. A failed send is logged by services.mail and leaves `notified_at` empty, so the
    desk shows whom to contact by hand."""
    sent = 0
    for entry in winners:
        player = db.session.get(Player, entry.player_id) if entry.player_id else None
        if player is None or player.email is None:
            continue
        choice = db.session.get(MailSubscription, player.id)
        with force_locale(choice.language if choice else "de"):
            ok = mail.send(
                player.email,
                _("Gewonnen: %(prize)s", prize=draw.prize),
                "prize_won",
                nickname=player.nickname,
                prize=draw.prize,
                riddle_title=riddle.title,
                riddle_url=mail.external_url("riddles.riddle_page", slug=riddle.slug),
            )
        if ok:
            entry.notified_at = now
            sent += 1
    db.session.commit()
    return sent
