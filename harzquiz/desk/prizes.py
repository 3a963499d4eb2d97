"""Desk routes for a riddle's prize draw: set it up, draw the winners (with a confirmation
step), replace one winner with a reason. All audited (services.prize_draw)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from harzquiz import clock
from harzquiz.extensions import db
from harzquiz.models import PrizeEntry, Riddle, Role
from harzquiz.rules.berlin import berlin_to_utc, utc_to_berlin
from harzquiz.services import prize_draw
from harzquiz.services.prize_mail import mail_winners
from harzquiz.web.roles import requires

bp = Blueprint("prizes", __name__)


class PrizeForm(FlaskForm):
    prize = StringField(_l("Preis"), validators=[InputRequired(), Length(max=200)])
    winner_count = IntegerField(
        _l("Anzahl der Gewinner"), default=1, validators=[InputRequired(), NumberRange(1, 100)]
    )
    entries_close_at = DateTimeLocalField(
        _l("Teilnahme bis (Berliner Zeit)"), format="%Y-%m-%dT%H:%M", validators=[InputRequired()]
    )
    conditions = TextAreaField(
        _l("Teilnahmebedingungen (Markdown)"), validators=[InputRequired(), Length(max=20000)]
    )


class DrawForm(FlaskForm):
    confirm = BooleanField(
        _l("Ja, jetzt die Gewinner ziehen (das lässt sich nicht wiederholen)."),
        validators=[InputRequired(_l("Bitte bestätige die Ziehung."))],
    )


class RedrawForm(FlaskForm):
    reason = StringField(_l("Grund"), validators=[InputRequired(), Length(min=3, max=300)])


def _riddle(riddle_id: int) -> Riddle:
    riddle = db.session.get(Riddle, riddle_id)
    if riddle is None:
        abort(404)
    return riddle


def _page(riddle: Riddle, form=None, draw_form=None, status=200):
    draw = prize_draw.draw_for(riddle)
    if form is None:
        form = (
            PrizeForm(obj=draw)
            if draw
            else PrizeForm(entries_close_at=utc_to_berlin(riddle.closes_at))
        )
        if draw:
            form.entries_close_at.data = utc_to_berlin(draw.entries_close_at)
    return render_template(
        "prizes/desk.html",
        riddle=riddle,
        draw=draw,
        form=form,
        draw_form=draw_form or DrawForm(),
        redraw_form=RedrawForm(),
        published=prize_draw.published(draw) if draw else None,
        entries=len(draw.entries) if draw else 0,
        now=clock.now(),
    ), status


@bp.route("/raetsel/<int:riddle_id>/preisraetsel", methods=["GET", "POST"])
@requires(Role.EDITOR)
def prize(riddle_id: int):
    """Mark a riddle as a prize riddle, or change its prize until the draw."""
    riddle = _riddle(riddle_id)
    form = PrizeForm()
    if not form.validate_on_submit():
        return _page(
            riddle, form if form.is_submitted() else None, status=422 if form.errors else 200
        )
    draw = prize_draw.draw_for(riddle)
    if draw is not None and draw.drawn_at is not None:
        flash(_("Nach der Ziehung lässt sich das Preisrätsel nicht mehr ändern."), "error")
        return redirect(url_for(".prize", riddle_id=riddle.id), 303)
    prize_draw.set_up(
        riddle,
        prize=form.prize.data,
        winner_count=form.winner_count.data,
        entries_close_at=berlin_to_utc(form.entries_close_at.data),  # type: ignore[arg-type]
        conditions=form.conditions.data,
        actor=current_user._get_current_object(),
    )
    flash(_("Preisrätsel gespeichert."), "success")
    return redirect(url_for(".prize", riddle_id=riddle.id), 303)


@bp.post("/raetsel/<int:riddle_id>/preisraetsel/ziehen")
@requires(Role.EDITOR)
def draw(riddle_id: int):
    """Draw the winners, after the explicit confirmation; mail them."""
    riddle = _riddle(riddle_id)
    prize = prize_draw.draw_for(riddle)
    if prize is None:
        abort(404)
    form = DrawForm()
    if not form.validate_on_submit():
        return _page(riddle, draw_form=form, status=422)
    now = clock.now()
    if prize.drawn_at is not None or now < prize.entries_close_at:
        flash(_("Gezogen wird einmal, nach dem Ende der Teilnahme."), "error")
        return redirect(url_for(".prize", riddle_id=riddle.id), 303)
    banned = prize_draw.barred_player_ids(riddle)
    winners = prize_draw.run_draw(prize, riddle, now, current_user._get_current_object(), banned)
    mail_winners(prize, riddle, winners, now)
    flash(_("Gezogen: %(count)s Gewinner.", count=len(winners)), "success")
    return redirect(url_for(".prize", riddle_id=riddle.id), 303)


@bp.post("/raetsel/<int:riddle_id>/preisraetsel/nachziehen/<int:entry_id>")
@requires(Role.EDITOR)
def redraw(riddle_id: int, entry_id: int):
    """Replace one winner with the next in the draw order (audited, with the reason)."""
    riddle = _riddle(riddle_id)
    prize = prize_draw.draw_for(riddle)
    entry = db.session.get(PrizeEntry, entry_id)
    if prize is None or entry is None or entry.draw_id != prize.id or entry.won_place is None:
        abort(404)
    form = RedrawForm()
    if not form.validate_on_submit():
        flash(_("Bitte gib einen Grund an (3 bis 300 Zeichen)."), "error")
        return redirect(url_for(".prize", riddle_id=riddle.id), 303)
    now = clock.now()
    banned = prize_draw.barred_player_ids(riddle)
    actor = current_user._get_current_object()
    successor = prize_draw.redraw_one(prize, riddle, entry, form.reason.data, actor, banned)
    if successor is not None:
        mail_winners(prize, riddle, [successor], now)
    current_app.logger.info("prize redraw on riddle %s: entry %s replaced", riddle.id, entry_id)
    flash(_("Nachgezogen."), "success")
    return redirect(url_for(".prize", riddle_id=riddle.id), 303)
