"""The prize box beside a prize riddle (prize, conditions, closing time, the commitment,
and after the draw its seed, entry ids and winners), and the one-click entry with its
explicit consent checkbox."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import InputRequired

from harzquiz import clock
from harzquiz.auth.limits import posts_limited
from harzquiz.caching.content import prize_riddle_ids
from harzquiz.caching.shells import share_part_by_state
from harzquiz.models import Player, PrizeDraw, PrizeEntry, Riddle
from harzquiz.players.current import current_player
from harzquiz.services import catalog, prize_draw
from harzquiz.services.prize_draw import PublishedDraw

bp = Blueprint("prizes", __name__)

CONSENT = _l(
    "Ich habe die Teilnahmebedingungen gelesen und bin einverstanden, dass mein Konto an "
    "dieser Verlosung teilnimmt und ich im Gewinnfall per E-Mail benachrichtigt werde."
)


class EntryForm(FlaskForm):
    consent = BooleanField(
        CONSENT, validators=[InputRequired(_l("Bitte bestätige die Teilnahmebedingungen."))]
    )
    show_name = BooleanField(_l("Im Gewinnfall darf mein Spitzname auf der Rätselseite stehen."))


@dataclass(frozen=True)
class PrizeBox:
    """What the prize box shows to this reader."""

    draw: PrizeDraw
    why_not: str | None  # None: may enter
    entry: PrizeEntry | None
    published: PublishedDraw | None
    form: EntryForm | None


def prize_box(riddle: Riddle, player: Player | None, now: datetime) -> PrizeBox | None:
    draw = prize_draw.draw_for(riddle)
    if draw is None:
        return None
    why_not = prize_draw.why_not(draw, riddle, player, now)
    return PrizeBox(
        draw=draw,
        why_not=why_not,
        entry=prize_draw.entry_of(draw, player),
        published=prize_draw.published(draw),
        form=EntryForm() if why_not is None else None,
    )


@bp.app_template_global()
def prize_box_for(riddle_slug: str) -> PrizeBox | None:
    """The prize box of a public riddle (templates: the riddle page), or None.

    Most riddles have no prize: the kept set of prize riddles answers that without a read."""
    riddle = catalog.public_riddle(riddle_slug, clock.now())
    if riddle is None or riddle.id not in prize_riddle_ids():
        return None
    return prize_box(riddle, current_player(), clock.now())


def prize_box_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """The prize box slot is empty beside a riddle without a prize (the slug is among the
    part's values), whoever reads; a prize box is the reader's own (rendered)."""
    riddle = catalog.public_riddle(values["slug"], clock.now())
    if riddle is not None and riddle.id in prize_riddle_ids():
        return None
    return "no prize"


# Most riddles have no prize: their empty box slot is kept, not rendered per reader.
share_part_by_state("prizes/_box_slot.html", prize_box_state)


MESSAGES = {
    prize_draw.NOT_AN_ACCOUNT: _l("Mit einem Konto kannst du an der Verlosung teilnehmen."),
    prize_draw.UNCONFIRMED: _l("Bestätige zuerst deine E-Mail-Adresse, dann kannst du teilnehmen."),
    prize_draw.NOT_SOLVED: _l("Teilnehmen kann, wer das Rätsel gelöst hat, solange es lief."),
    prize_draw.ENTRIES_CLOSED: _l("Die Teilnahme ist geschlossen."),
    prize_draw.ALREADY_ENTERED: _l("Du nimmst bereits teil."),
}


@bp.post("/raetsel/<slug>/gewinnspiel")
@posts_limited("ACTION_LIMIT_PER_IP", "prize-entry")
def enter(slug: str):
    """Enter the prize draw (accounts that solved it while live; consent required)."""
    now = clock.now()
    riddle = catalog.public_riddle(slug, now)
    draw = prize_draw.draw_for(riddle) if riddle else None
    if riddle is None or draw is None:
        abort(404)
    form = EntryForm()
    back = redirect(url_for("riddles.riddle_page", slug=slug, _anchor="gewinnspiel"), 303)
    if not form.validate_on_submit():
        flash(_("Bitte bestätige die Teilnahmebedingungen."), "error")
        return back
    player = current_player()
    problem = prize_draw.enter(draw, riddle, player, str(CONSENT), form.show_name.data, now)  # type: ignore[arg-type]
    if problem is None:
        flash(_("Du nimmst an der Verlosung teil. Viel Glück!"), "success")
    else:
        flash(str(MESSAGES[problem]), "error")
    return back
