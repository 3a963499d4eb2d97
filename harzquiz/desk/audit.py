"""The audit log of the desk (admins only): filtered by who, what and when, in pages."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import lazy_gettext as _l
from wtforms import DateField, Form, SelectField
from wtforms.validators import Optional

from harzquiz.desk.audit_view import ACTION_LABELS, TARGET_LABELS, detail_text, label
from harzquiz.models import Role
from harzquiz.services import audit
from harzquiz.web.pagination import paginate
from harzquiz.web.roles import requires

bp = Blueprint("audit", __name__)

AUDIT_PAGE_SIZE = 100


class AuditFilterForm(Form):
    """The log's filters, read from the query string (a GET form: no CSRF token)."""

    wer = SelectField(_l("Wer"), validators=[Optional()], validate_choice=True)
    was = SelectField(_l("Woran"), validators=[Optional()], validate_choice=True)
    aktion = SelectField(_l("Was"), validators=[Optional()], validate_choice=True)
    von = DateField(_l("Von (Tag)"), validators=[Optional()])
    bis = DateField(_l("Bis (Tag)"), validators=[Optional()])


def _filter_form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    found = audit.choices()
    anyone = [("", str(_l("alle")))]
    form.wer.choices = anyone + [(name, name) for name in found["who"]]
    # Every kind and action the desk knows, and any other the log holds (a later kind's).
    targets = list(TARGET_LABELS) + [t for t in found["target"] if t not in TARGET_LABELS]
    actions = list(ACTION_LABELS) + [a for a in found["action"] if a not in ACTION_LABELS]
    form.was.choices = anyone + [(t, label(TARGET_LABELS, t)) for t in targets]
    form.aktion.choices = anyone + [(a, label(ACTION_LABELS, a)) for a in actions]
    return form


@bp.get("/protokoll")
@requires(Role.ADMIN)
def audit_log():
    """Who created, changed, published or closed what, and when (admins only)."""
    form = _filter_form()
    valid = form.validate()
    narrow = audit.Filter(
        who=form.wer.data or "",
        target=form.was.data or "",
        action=form.aktion.data or "",
        since=form.von.data,
        until=form.bis.data,
    ) if valid else None  # fmt: skip
    page = paginate(audit.latest(narrow), AUDIT_PAGE_SIZE)
    return render_template(
        "desk/audit.html",
        entries=page.items,
        pagination=page,
        form=form,
        action_label=lambda key: label(ACTION_LABELS, key),
        target_label=lambda key: label(TARGET_LABELS, key),
        detail_text=detail_text,
    ), (200 if valid else 422)
