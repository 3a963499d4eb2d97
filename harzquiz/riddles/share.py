"""The riddle's share text (after a solve or a reveal): spoiler-free, like the quiz's.

It names the riddle by its number and title and says how it went (attempts, hints, points),
with the link; never a guess, a hint or the solution."""

from __future__ import annotations

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from harzquiz.riddles.widget import RiddleWidget
from harzquiz.services import catalog


def share_text(widget: RiddleWidget, number: int, site_name: str, url: str) -> str:
    """What a reader who solved or revealed the riddle may share."""
    state = widget.state
    head = _(
        "%(site)s · Rätsel Nr. %(number)s „%(title)s“",
        site=site_name,
        number=number,
        title=widget.title,
    )
    attempts = ngettext("%(num)d Versuch", "%(num)d Versuche", state.attempts)
    hints = ngettext("%(num)d Tipp", "%(num)d Tipps", len(state.unlocked_positions))
    if state.solved and state.solve is not None:
        how = _(
            "Gelöst: %(attempts)s, %(hints)s, %(points)s Punkte",
            attempts=attempts,
            hints=hints,
            points=state.solve.points,
        )
    else:
        how = _("Lösung angezeigt nach %(attempts)s und %(hints)s", attempts=attempts, hints=hints)
    return f"{head}\n{how}\n{url}"


def riddle_share(widget: RiddleWidget) -> str | None:
    """The share text for this player's finished riddle (templates), or None while they
    are still playing or never played. The link is always the site's riddle page."""
    state = widget.state
    if not (state.solved or state.revealed):
        return None
    url = url_for("riddles.riddle_page", slug=widget.slug, _external=True)
    number = catalog.riddle_number(widget.publish_at)
    return share_text(widget, number, current_app.config["SITE_NAME"], url)
