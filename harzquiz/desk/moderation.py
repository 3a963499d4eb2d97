"""The moderation desk under /redaktion/moderation (editors): find players, the flagged
solves and the readers' reports; rename, hide, ban, withdraw a solve's points, undo.

Plain forms with post/redirect/get (303 back to where the button was), so every action
works the same with and without JavaScript. Each action is one call into
harzquiz.services.moderation, which writes the audit entry with it.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from harzquiz import clock
from harzquiz.desk.moderation_forms import ReasonForm, RenameForm
from harzquiz.extensions import db
from harzquiz.models import Flag, ModerationAction, Player, Report, Role, Solve
from harzquiz.services import moderation
from harzquiz.web.htmx import safe_next
from harzquiz.web.roles import requires

bp = Blueprint("moderation", __name__, url_prefix="/moderation")

UNDO_PROBLEMS = {
    "done": _l("Diese Aktion war schon rückgängig gemacht."),
    "taken": _l("Den alten Namen trägt inzwischen jemand anderes."),
    "gone": _l("Diese Lösung gibt es nicht mehr."),
}


def _back(default: str):
    """Post/redirect/get: back to the page the button was on."""
    return redirect(safe_next(default), 303)


def _player_or_404(player_id: int) -> Player:
    return db.get_or_404(Player, player_id)


@bp.get("/")
@requires(Role.EDITOR)
def index():
    """Player search (?q=), the open flags and reports, and the latest actions."""
    query = request.args.get("q", "")[:100]
    return render_template(
        "desk/moderation/index.html",
        query=query,
        players=moderation.search_players(query),
        flags=moderation.open_flags(),
        reports=moderation.open_reports(),
        actions=moderation.recent_actions(),
        form=ReasonForm(),
    )


def _player_page(player: Player, rename_form: RenameForm, status: int = 200):
    page = render_template(
        "desk/moderation/player.html",
        player=player,
        rename_form=rename_form,
        form=ReasonForm(),
        solves=moderation.player_solves(player.id),
        actions=moderation.recent_actions(player.id),
    )
    return page, status


@bp.get("/spieler/<int:player_id>")
@requires(Role.EDITOR)
def player(player_id: int):
    """One player: status, rename form, hide and ban, their solves, their actions."""
    return _player_page(_player_or_404(player_id), RenameForm(formdata=None))


@bp.post("/spieler/<int:player_id>/umbenennen")
@requires(Role.EDITOR)
def rename(player_id: int):
    """Rename a player; they see the reason once on their next visit."""
    target = _player_or_404(player_id)
    form = RenameForm()
    if form.validate():
        problem = moderation.rename(
            current_user, target, form.nickname.data, form.reason.data, clock.now()
        )
        if problem is None:
            flash(_("Umbenannt in „%(name)s“.", name=target.nickname), "success")
            return redirect(url_for(".player", player_id=player_id), 303)
        form.nickname.errors.append(_("Diesen Namen trägt schon jemand."))
    return _player_page(target, form, 422)


def _reason() -> str | None:
    """The optional note of a hide, ban or withdraw form (None: refused, e.g. too long)."""
    form = ReasonForm()
    return form.reason.data or "" if form.validate() else None


def _player_action(player_id: int, act, done: str, already: str):
    target = _player_or_404(player_id)
    reason = _reason()
    if reason is None:
        abort(422)
    changed = act(current_user, target, reason, clock.now())
    flash(done if changed else already, "success" if changed else "info")
    return _back(url_for(".player", player_id=player_id))


@bp.post("/spieler/<int:player_id>/verbergen")
@requires(Role.EDITOR)
def hide(player_id: int):
    """Hide a player from every public board."""
    return _player_action(
        player_id,
        moderation.hide,
        _("Aus den Ranglisten genommen."),
        _("War schon verborgen."),
    )


@bp.post("/spieler/<int:player_id>/sperren")
@requires(Role.EDITOR)
def ban(player_id: int):
    """Ban a player from scoring: not listed, later solves earn 0 points."""
    return _player_action(
        player_id,
        moderation.ban,
        _("Von der Wertung ausgeschlossen."),
        _("War schon ausgeschlossen."),
    )


def _withdrawn(changed: bool, player_id: int):
    flash(
        _("Punkte entzogen.") if changed else _("Da gab es keine Punkte mehr zu entziehen."),
        "success" if changed else "info",
    )
    return _back(url_for(".player", player_id=player_id))


@bp.post("/markierungen/<int:flag_id>/entziehen")
@requires(Role.EDITOR)
def withdraw_flagged(flag_id: int):
    """One click from a flag: the flagged solve (or answer) earns 0 points."""
    flag = db.get_or_404(Flag, flag_id)
    reason = _reason()
    if reason is None:
        abort(422)
    return _withdrawn(
        moderation.withdraw_flagged(current_user, flag, reason, clock.now()), flag.player_id
    )


@bp.post("/loesungen/<int:solve_id>/entziehen")
@requires(Role.EDITOR)
def withdraw_solve(solve_id: int):
    """Withdraw one riddle solve's points (from the player's page)."""
    solve = db.get_or_404(Solve, solve_id)
    reason = _reason()
    if reason is None:
        abort(422)
    changed = moderation.withdraw_points(current_user, solve, None, reason, clock.now())
    return _withdrawn(changed, solve.player_id)


@bp.post("/markierungen/<int:flag_id>/erledigt")
@requires(Role.EDITOR)
def settle_flag(flag_id: int):
    """Let a flagged solve stand: the flag leaves the list."""
    flag = db.get_or_404(Flag, flag_id)
    if flag.settled_at is None:
        moderation.settle_flag(current_user, flag, clock.now())
    flash(_("Markierung erledigt."), "success")
    return _back(url_for(".index"))


@bp.post("/meldungen/<int:report_id>/erledigt")
@requires(Role.EDITOR)
def settle_report(report_id: int):
    """Close a reader's report."""
    report = db.get_or_404(Report, report_id)
    if report.settled_at is None:
        moderation.settle_report(current_user, report, clock.now())
    flash(_("Meldung erledigt."), "success")
    return _back(url_for(".index"))


@bp.post("/aktionen/<int:action_id>/rueckgaengig")
@requires(Role.EDITOR)
def undo(action_id: int):
    """Undo one action (rename, hide, ban, withdraw)."""
    action = db.get_or_404(ModerationAction, action_id)
    problem = moderation.undo(current_user, action, clock.now())
    if problem is None:
        flash(_("Rückgängig gemacht."), "success")
    else:
        flash(str(UNDO_PROBLEMS[problem]), "error")
    return _back(url_for(".player", player_id=action.player_id))
