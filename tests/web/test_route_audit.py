"""The route audit: every rule of the URL map is classified (tests/routes.py), every
state-changing rule refuses a missing or invalid CSRF token, every role rule refuses guests
and readers, and every response carries the security headers. A new rule that nobody
classified fails here; the no-leak walk (test_no_solution_leak.py) uses the same registry."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from flask import Blueprint, Flask

from harzquiz.extensions import db
from tests.clients import Reader
from tests.helpers import HTMX, assert_security_headers, log_in_as, new_reader, text_of
from tests.routes import (
    CSRF_EXEMPT_ENDPOINTS,
    VALID_FORMS,
    World,
    kind_of,
    make_world,
    paths_for,
    state_changing_methods,
    unclassified,
    unfillable,
)

# What a refused CSRF token looks like to the client.
CSRF_REFUSED = 400
# What a role route may answer a guest or reader: no access, or off to the login page.
ROLE_REFUSALS = {401, 403}


@pytest.fixture
def world(app) -> World:
    return make_world()


def table_counts() -> dict[str, int]:
    """Rows in every table (as committed by the requests)."""
    db.session.rollback()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def state_changing(app: Flask, world: World):
    """(rule, method, path) for every state-changing method of every rule."""
    for rule in app.url_map.iter_rules():
        for method in sorted(state_changing_methods(rule)):
            for path in paths_for(app, rule, world, method):
                yield rule, method, path


def playing_reader(app, world: World) -> Reader:
    """A reader who is a player already (one wrong guess), with a valid CSRF token."""
    reader = new_reader(app, f"/raetsel/{world.live}")
    assert reader.guess(world.live, "Boje").status_code == 200
    return reader


# --- the audit functions (each returns the problems it found) -------------------------------


def csrf_problems(app: Flask, world: World, reader: Reader, foreign_token: str) -> list[str]:
    """Requests with a missing, empty, forged or foreign token that were not refused, or that
    stored something."""
    problems = []
    tokens = {"missing": None, "empty": "", "forged": "forged", "foreign": foreign_token}
    for rule, method, path in state_changing(app, world):
        if rule.endpoint in CSRF_EXEMPT_ENDPOINTS:
            continue
        form = VALID_FORMS.get(rule.endpoint, {})
        for label, token in tokens.items():
            for headers in ({}, HTMX):
                data = dict(form) if token is None else {**form, "csrf_token": token}
                before = table_counts()
                response = reader.client.open(path, method=method, data=data, headers=headers)
                what = f"{method} {path} token {label} {'htmx' if headers else 'form'}"
                if response.status_code != CSRF_REFUSED:
                    problems.append(f"{what}: status {response.status_code}")
                if table_counts() != before:
                    problems.append(f"{what}: stored something")
    return problems


def sent_to_login(app: Flask, response) -> bool:
    """A redirect (or htmx's HX-Redirect) to the login page."""
    if "auth.login" not in app.view_functions:
        return False
    login = app.url_map.bind("localhost").build("auth.login")
    target = response.headers.get("HX-Redirect") or response.headers.get("Location") or ""
    redirected = response.status_code in (302, 303) or "HX-Redirect" in response.headers
    return redirected and urlsplit(target).path == login


def role_problems(app: Flask, world: World, clients: dict[str, Reader]) -> list[str]:
    """Role rules that answered a guest or reader with anything but a refusal, or that
    stored something for them."""
    problems = []
    for rule in app.url_map.iter_rules():
        if not (kind_of(app, rule) or "").startswith("role:"):
            continue
        for who, reader in clients.items():
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                for path in paths_for(app, rule, world, method):
                    before = table_counts()
                    data = {**VALID_FORMS.get(rule.endpoint, {}), "csrf_token": reader.token}
                    for headers in ({}, HTMX):
                        response = reader.client.open(
                            path,
                            method=method,
                            data=data if method != "GET" else None,
                            headers=headers,
                        )
                        what = f"{who}: {method} {path}{' htmx' if headers else ''}"
                        status = response.status_code
                        if status not in ROLE_REFUSALS and not sent_to_login(app, response):
                            problems.append(f"{what} answered {status}")
                        if table_counts() != before:
                            problems.append(f"{what} stored something")
    return problems


def header_problems(app: Flask, world: World, reader: Reader) -> list[str]:
    """Responses (GET page and partial, POST with and without a token) without the
    security headers."""
    problems = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue  # test_security_headers.py requests the files themselves
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for path in paths_for(app, rule, world, method):
                for headers in ({}, HTMX):
                    attempts = [None, reader.token] if method != "GET" else [None]
                    for token in attempts:
                        data = None
                        if method != "GET":
                            data = {**VALID_FORMS.get(rule.endpoint, {})}
                            if token:
                                data["csrf_token"] = token
                        response = reader.client.open(
                            path, method=method, data=data, headers=headers
                        )
                        what = f"{method} {path} {headers or ''} token={bool(token)}"
                        try:
                            assert_security_headers(
                                response, what, embedded=path.startswith("/embed/")
                            )
                        except AssertionError as error:
                            problems.append(str(error))
    return problems


# --- the audit ----------------------------------------------------------------------------


def test_every_rule_is_classified_and_fillable(app, world):
    assert unclassified(app) == []
    assert unfillable(app, world) == []
    kinds = {kind_of(app, rule) for rule in app.url_map.iter_rules()}
    assert {"public", "action", "ops", "static"} <= kinds


def session_token(reader: Reader, rule, world: World) -> str:
    """The reader's valid CSRF token for this rule: embeds keep a session of their own."""
    if rule.endpoint.startswith("embed."):
        # the embed layout's htmx header: there even when the riddle has no form left
        page = reader.client.get(f"/embed/{world.partner_key}/rangliste")
        match = re.search(r'"X-CSRFToken": "([^"]+)"', text_of(page))
        assert match, "embed page has no CSRF token"
        return match.group(1)
    reader.open("/")  # a login on the way (registering) renewed the session's token
    return reader.token


def test_state_changing_rules_refuse_missing_and_invalid_csrf_tokens(app, world):
    reader = playing_reader(app, world)
    other = new_reader(app, "/")
    rules = list(state_changing(app, world))
    assert len(rules) >= 5
    assert csrf_problems(app, world, reader, other.token) == []
    # The refusals came from the token: the same requests with it go through.
    for rule, method, path in rules:
        token = session_token(reader, rule, world)
        data = {**VALID_FORMS.get(rule.endpoint, {}), "csrf_token": token}
        response = reader.client.open(path, method=method, data=data)
        assert response.status_code != CSRF_REFUSED, f"{method} {path}: {text_of(response)}"


def test_role_rules_refuse_guests_and_readers(app, world):
    account = new_reader(app, "/")
    log_in_as(account.client, role="reader")
    account.open("/")  # the token of the logged-in session
    clients = {
        "guest": new_reader(app, "/"),
        "playing guest": playing_reader(app, world),
        "reader account": account,
    }
    assert role_problems(app, world, clients) == []


def test_every_response_carries_the_security_headers(app, world):
    for reader in (new_reader(app, "/"), playing_reader(app, world)):
        assert header_problems(app, world, reader) == []


# --- the audit bites: a route that escapes it is reported ------------------------------------


def add_escaping_routes(app: Flask) -> None:
    """An unclassified page, an editor page open to everyone, and a POST without CSRF."""
    from harzquiz.extensions import csrf

    def open_to_all():
        return "Redaktion"

    @csrf.exempt
    def unprotected():
        db.session.execute(sa.text("SELECT 1"))
        return "ok"

    editor = Blueprint("editor", __name__)
    editor.add_url_rule("/redaktion", "desk", open_to_all)
    app.add_url_rule("/neu", "neu", open_to_all)
    app.add_url_rule("/ohne-token", "ohne_token", unprotected, methods=["POST"])
    app.register_blueprint(editor)


@pytest.fixture
def leaky_app(app):
    app._got_first_request = False  # the test client may have run; routes may still be added
    add_escaping_routes(app)
    return app


def test_an_unclassified_route_fails_the_audit(leaky_app, world):
    assert unclassified(leaky_app) == ["/neu", "/ohne-token"]
    rule = next(r for r in leaky_app.url_map.iter_rules() if r.endpoint == "editor.desk")
    assert kind_of(leaky_app, rule) == "role:editor"


def test_a_role_route_open_to_readers_fails_the_audit(leaky_app, world):
    guest = new_reader(leaky_app, "/")
    problems = role_problems(leaky_app, world, {"guest": guest})
    assert problems == [
        "guest: GET /redaktion answered 200",
        "guest: GET /redaktion htmx answered 200",
    ]


def test_a_route_without_csrf_fails_the_audit(leaky_app, world):
    reader = new_reader(leaky_app, "/")
    problems = csrf_problems(leaky_app, world, reader, "forged")
    assert problems and all(problem.startswith("POST /ohne-token") for problem in problems)
    assert len(problems) == 8  # four tokens, as a form and through htmx
