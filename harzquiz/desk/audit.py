"""The audit log of the desk (admins only)."""

from __future__ import annotations

from flask import Blueprint, render_template

from harzquiz.models import Role
from harzquiz.services import audit
from harzquiz.web.pagination import paginate
from harzquiz.web.roles import requires

bp = Blueprint("audit", __name__)

AUDIT_PAGE_SIZE = 100


@bp.get("/protokoll")
@requires(Role.ADMIN)
def audit_log():
    """Who created, changed, published or closed what, and when (admins only)."""
    page = paginate(audit.latest(), AUDIT_PAGE_SIZE)
    return render_template("desk/audit.html", entries=page.items, pagination=page)
