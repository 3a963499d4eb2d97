"""Role checks for views: guests are sent to log in, readers get 403.

Checks live on the view, never only in a template: a partial rendered alone would skip
the template's `{% if %}`. Each decorated view carries `required_role`, so the route audit
can tell which views are protected.
"""

from __future__ import annotations

from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import current_user

from harzquiz.models import Role
from harzquiz.web.htmx import wants_partial


def login_url() -> str:
    """The login page, coming back to the requested page afterwards."""
    target = request.full_path.rstrip("?") if request.method == "GET" else request.path
    return url_for("auth.login", next=target)


def _login_redirect():
    """Send a guest to log in; an htmx request gets HX-Redirect (no login page in a fragment)."""
    if request.headers.get("HX-Request") == "true" or wants_partial():
        return "", 200, {"HX-Redirect": login_url()}
    return redirect(login_url(), 303 if request.method != "GET" else 302)


def refuse_unless(role: Role):
    """None when the current account's role includes `role`; else the refusal to answer.

    Pages behind a role are never framed."""
    g.frame_ancestors = "'none'"
    if not current_user.is_authenticated:
        return _login_redirect()
    if not current_user.has_role(role):
        abort(403)
    return None


def requires(role: Role):
    """Mark a view with the role it needs; the desk's one hook checks it before every view.

    The marker is also what the route audit reads (tests/routes.py)."""

    def mark(view):
        view.required_role = role
        return view

    return mark


def role_required(role: Role):
    """Decorator for a view outside the desk: it runs only for accounts with `role`."""

    def decorate(view):
        @wraps(view)
        def checked(*args, **kwargs):
            return refuse_unless(role) or view(*args, **kwargs)

        checked.required_role = role  # type: ignore[attr-defined]  # a function attribute
        return checked

    return decorate


def account_required(view):
    """Decorator: the view runs for any logged-in account (a reader's own settings).

    Not marked with `required_role`: readers are welcome here, only guests are sent away.
    """

    @wraps(view)
    def checked(*args, **kwargs):
        g.frame_ancestors = "'none'"  # account settings are never framed
        if not current_user.is_authenticated:
            return _login_redirect()
        return view(*args, **kwargs)

    return checked


editor_required = role_required(Role.EDITOR)
admin_required = role_required(Role.ADMIN)
