""" "Punkte sichern" on the site: an embed guest's code, held in the session through login or
registration, then redeemed by the account with one POST (services.claims).

GET /punkte-sichern/<partner>?code=… keeps the code in the session and redirects to the same
address without it (the code stays out of history and Referer). The page then asks a guest
to log in or register (both come back here through `next`) and an account to take the points
over; only that POST (with CSRF) changes anything. A code that does not work gets a clear
page, is dropped from the session, and changes nothing.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from harzquiz.auth.limits import posts_limited
from harzquiz.models import Partner
from harzquiz.services import claims
from harzquiz.services.claims import ClaimProblem
from harzquiz.services.partners import partner_by_key

bp = Blueprint("claims", __name__)

SESSION_KEY = "claim_code"  # {"partner": embed key, "code": the signed code}
CODE_MAX_LENGTH = 400

STATUS = {
    ClaimProblem.INVALID: 400,
    ClaimProblem.OTHER_PARTNER: 400,
    ClaimProblem.EXPIRED: 410,
    ClaimProblem.USED: 410,
    ClaimProblem.GONE: 410,
}

claims_per_address = posts_limited("ACTION_LIMIT_PER_IP", "claim-ip")


@bp.before_request
def never_framed() -> None:
    """The claim page is the site's, opened in its own tab: never framed."""
    g.frame_ancestors = "'none'"


def _partner(key: str) -> Partner:
    partner = partner_by_key(key)
    if partner is None or not partner.enabled:
        abort(404)
    return partner


def _held_code(partner: Partner) -> str | None:
    """The code this session holds for this partner, if any."""
    held = session.get(SESSION_KEY)
    if isinstance(held, dict) and held.get("partner") == partner.embed_key:
        code = held.get("code")
        return code if isinstance(code, str) else None
    return None


def _problem(problem: ClaimProblem, partner: Partner):
    session.pop(SESSION_KEY, None)
    page = render_template("claims/claim.html", problem=problem.value, partner=partner)
    return page, STATUS[problem]


@bp.get("/punkte-sichern/<partner>")
def claim(partner: str):
    """Hold the code in the session, then show what happens next (log in, or take over)."""
    found = _partner(partner)
    code = request.args.get("code")
    if code is not None:
        if len(code) > CODE_MAX_LENGTH:
            return _problem(ClaimProblem.INVALID, found)
        session[SESSION_KEY] = {"partner": found.embed_key, "code": code}
        return redirect(url_for(".claim", partner=found.embed_key), 303)
    held = _held_code(found)
    if held is None:  # reloaded after the claim, or opened by hand: nothing wrong, nothing here
        return render_template("claims/claim.html", problem="none", partner=found)
    checked = claims.check(found, held)
    if isinstance(checked, ClaimProblem):
        return _problem(checked, found)
    return render_template("claims/claim.html", problem=None, partner=found)


@bp.post("/punkte-sichern/<partner>")
@claims_per_address
def redeem(partner: str):
    """The account takes the embed guest's progress over (the code is used up)."""
    found = _partner(partner)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=url_for(".claim", partner=partner)), 303)
    held = _held_code(found)
    if held is None:
        return _problem(ClaimProblem.INVALID, found)
    result = claims.redeem(found, held, current_user._get_current_object())
    if isinstance(result, ClaimProblem):
        return _problem(result, found)
    session.pop(SESSION_KEY, None)
    if result.moved_anything:
        flash(
            _(
                "Deine Punkte aus dem Rätsel bei %(partner)s sind jetzt in deinem Konto.",
                partner=found.name,
            ),
            "success",
        )
    else:
        flash(_("Es gab keine Punkte zu übernehmen – dein Konto ist unverändert."), "success")
    return redirect(url_for("players.profile"), 303)
