"""Walk the whole URL map: every role-protected route sends guests to log in (htmx:
HX-Redirect) and gives readers 403; every route under /redaktion is protected."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Article, AuditEntry, Partner, Riddle, Role
from tests.clients import Reader
from tests.helpers import HTMX, log_in_as, text_of
from tests.routes import make_world, paths_for


def protected_routes(app) -> list[tuple[str, str, Role]]:
    """(path, method, role) for every rule whose view carries required_role; URL values come
    from the shared route registry (tests/routes.py)."""
    world = make_world()
    routes = []
    for rule in app.url_map.iter_rules():
        role = getattr(app.view_functions[rule.endpoint], "required_role", None)
        if rule.rule.startswith("/redaktion"):
            assert role is not None, f"{rule.rule} has no role check"
        if role is None:
            continue
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            for path in paths_for(app, rule, world, method):
                routes.append((path, method, role))
    return routes


def snapshot() -> tuple:
    db.session.rollback()
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Riddle, Article, AuditEntry, Partner)
    ) + (db.session.scalar(sa.select(sa.func.sum(Riddle.version))),)


def request(reader: Reader, path: str, method: str, htmx: bool):
    headers = HTMX if htmx else {}
    if method == "GET":
        return reader.client.get(path, headers=headers)
    return reader.post(path, {"title": "x", "slug": "x", "row_action": ""}, htmx=htmx)


def test_the_walk_finds_the_desk(app):
    paths = {path for path, _method, _role in protected_routes(app)}
    assert {"/redaktion/", "/redaktion/raetsel/neu", "/redaktion/protokoll"} <= paths
    assert len(paths) >= 8


@pytest.mark.parametrize("htmx", [False, True])
def test_guests_are_sent_to_log_in(app, client, htmx):
    routes = protected_routes(app)
    before = snapshot()
    guest = Reader(client)
    guest.open("/")
    for path, method, _role in routes:
        response = request(guest, path, method, htmx)
        if htmx:
            assert response.status_code == 200, (path, method)
            target = response.headers["HX-Redirect"]
            assert text_of(response) == ""
        else:
            assert response.status_code == (302 if method == "GET" else 303), (path, method)
            target = response.headers["Location"]
        assert urlsplit(target).path == "/anmelden", (path, method)
        assert "next=" in target
    assert snapshot() == before


@pytest.mark.parametrize("htmx", [False, True])
def test_readers_get_403_and_editors_403_on_admin_routes(app, client, htmx):
    routes = protected_routes(app)
    before = snapshot()
    log_in_as(client, "reader")
    reader = Reader(client)
    reader.open("/")
    for path, method, _role in routes:
        assert request(reader, path, method, htmx).status_code == 403, (path, method)
    editor_client = app.test_client()
    log_in_as(editor_client, "editor")
    editor = Reader(editor_client)
    editor.open("/")
    for path, method, role in routes:
        status = request(editor, path, method, htmx).status_code
        if role is Role.ADMIN:
            assert status == 403, (path, method)
        else:
            assert status != 403, (path, method)
    assert snapshot()[:2] == before[:2]  # the editor's bad posts stored nothing


def test_desk_pages_are_never_framed(app, client):
    log_in_as(client, "admin")
    for path in ("/redaktion/", "/redaktion/raetsel/neu", "/redaktion/protokoll"):
        response = client.get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_header_links_to_the_desk_for_editors_only(app, client):
    assert 'href="/redaktion/"' not in text_of(client.get("/"))
    log_in_as(client, "reader")
    assert 'href="/redaktion/"' not in text_of(client.get("/"))
    other = app.test_client()
    log_in_as(other, "editor")
    assert 'href="/redaktion/">Redaktion</a>' in text_of(other.get("/"))
