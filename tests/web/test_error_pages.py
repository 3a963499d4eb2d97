"""Every error status renders in the site layout, as a partial under htmx, and is logged
with the request id (shown to the reader on a 500 only); an htmx request to an unknown route
gets an alert; a database that stays locked answers 503 with Retry-After."""

from __future__ import annotations

import logging
import re
import sqlite3

import pytest
import sqlalchemy as sa
from flask import abort

from harzquiz import create_app
from harzquiz.extensions import db
from tests.clients import Reader
from tests.database import base_config
from tests.factories import make_riddle
from tests.helpers import (
    HTMX,
    assert_not_retargeted,
    assert_security_headers,
    is_partial,
    new_reader,
    row_counts,
    text_of,
    verdict_of,
)

TITLES = {
    400: "Ungültige Anfrage",
    403: "Kein Zugriff",
    404: "Seite nicht gefunden",
    405: "Methode nicht erlaubt",
    413: "Anfrage zu groß",
    429: "Zu viele Anfragen",
    500: "Interner Fehler",
    503: "Kurz überlastet",
}


@pytest.fixture
def app_config() -> dict:
    """One guess a minute per address (for the plain 429), a short SQLite busy timeout."""
    return {
        **base_config(),
        "GUESS_LIMIT_PER_IP": "1/minute",
        "SQLITE_BUSY_TIMEOUT_MS": 200,
    }


@pytest.fixture
def failing_app(app):
    """Routes that fail on purpose (added before the app serves its first request)."""

    def forbidden():
        abort(403)

    def broken():
        raise RuntimeError("geheimer Absturz")

    def locked():
        raise sa.exc.OperationalError("UPDATE player", {}, Exception("database is locked"))

    app.add_url_rule("/verboten", "verboten", forbidden)
    app.add_url_rule("/kaputt", "kaputt", broken)
    app.add_url_rule("/gesperrt", "gesperrt", locked)
    return app


def error_response(reader: Reader, code: int, headers: dict):
    """A request that ends in `code`."""
    client = reader.client
    if code == 400:
        return client.post("/sprache/en", data={"next": "/"}, headers=headers)
    if code == 403:
        return client.get("/verboten", headers=headers)
    if code == 404:
        return client.get("/gibt-es-nicht", headers=headers)
    if code == 405:
        return client.get("/sprache/en", headers=headers)
    if code == 413:
        return client.post("/sprache/en", data={"next": "x" * 70_000}, headers=headers)
    if code == 429:
        reader.post("/raetsel/gibt-es-nicht/raten", {"guess": "Boje"})
        htmx = headers.get("HX-Request") == "true"
        return reader.post("/raetsel/gibt-es-nicht/raten", {"guess": "Boje"}, htmx=htmx)
    if code == 500:
        return client.get("/kaputt", headers=headers)
    return client.get("/gesperrt", headers=headers)


@pytest.mark.parametrize("code", sorted(TITLES))
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_error_renders_in_the_layout_or_as_partial(failing_app, code, htmx, caplog):
    reader = new_reader(failing_app, "/")
    headers = {**(HTMX if htmx else {}), "X-Request-ID": f"req-{code}"}
    if code == 429:
        reader.client.environ_base["HTTP_X_REQUEST_ID"] = f"req-{code}"
    with caplog.at_level(logging.INFO, logger="harzquiz.web.errors"):
        response = error_response(reader, code, headers)
    body = text_of(response)
    assert response.status_code == code
    assert_security_headers(response, f"{code}")
    assert verdict_of(body) == "error"
    assert TITLES[code] in body
    assert "geheimer Absturz" not in body and "database is locked" not in body
    if htmx:
        assert is_partial(body)
        assert response.headers["HX-Retarget"] == "#htmx-alerts"
    else:
        assert not is_partial(body)
        assert 'class="site-header"' in body and 'class="site-footer"' in body
        assert f"<h1>{code} – {TITLES[code]}</h1>" in body
    assert (f"req-{code}" in body) is (code >= 500)  # the id to quote, on server errors
    if code == 503:
        assert response.headers["Retry-After"] == "5"
    assert response.headers["X-Request-ID"] == f"req-{code}"
    logged = [r for r in caplog.records if getattr(r, "request_id", None) == f"req-{code}"]
    assert logged, f"no log record carries the request id for {code}"
    assert any(f"-> {code}" in r.getMessage() for r in logged)
    assert all(r.exc_info for r in logged if r.levelno >= logging.ERROR)


def test_error_pages_are_translated(failing_app):
    reader = new_reader(failing_app, "/")
    assert reader.post("/sprache/en", {"next": "/"}).status_code == 303
    body = text_of(reader.client.get("/gesperrt"))
    assert "Briefly overloaded" in body
    assert "Kurz überlastet" not in body


# --- a real lock: the guess waits for the busy timeout, then fails clearly -------------------


def hold_write_lock(app, player_id: int):
    """Another connection holds the lock a guess needs; returns a release function."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        connection = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")  # SQLite's single writer lock

        def release():
            connection.execute("ROLLBACK")
            connection.close()

        return release
    other = sa.create_engine(url)
    connection = other.connect()
    connection.execute(
        sa.text("SELECT id FROM player WHERE id = :id FOR UPDATE"), {"id": player_id}
    )

    def release_row():
        connection.rollback()
        connection.close()
        other.dispose()

    return release_row


@pytest.fixture
def short_lock_wait(app_config):
    """Lock waits end after 200 ms: SQLite's busy timeout, PostgreSQL's lock_timeout."""
    app_config["GUESS_LIMIT_PER_IP"] = "1000/minute"
    if app_config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        app_config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": "-c lock_timeout=200"}
        }
    return app_config


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_a_guess_behind_a_held_lock_gets_503_and_stores_nothing(short_lock_wait, app, htmx):
    riddle = make_riddle()
    reader = new_reader(app, f"/raetsel/{riddle.slug}")
    assert reader.guess(riddle.slug, "Boje").status_code == 200
    before = row_counts()
    player_id = db.session.scalar(sa.text("SELECT id FROM player"))
    db.session.rollback()
    release = hold_write_lock(app, player_id)
    try:
        response = reader.guess(riddle.slug, "Kugelgrill", htmx=htmx)
    finally:
        release()
    body = text_of(response)
    assert response.status_code == 503
    # At least our 5 s; on a rate-limited route Flask-Limiter may raise it to its window's end.
    assert int(response.headers["Retry-After"]) >= 5
    assert "Es wurde nichts gespeichert" in body
    assert is_partial(body) is htmx
    assert row_counts() == before
    # Once the lock is gone the same guess goes through.
    retry = reader.guess(riddle.slug, "Kugelgrill")
    assert retry.status_code == 200
    assert verdict_of(text_of(retry)) == "correct"


def test_a_database_bug_is_a_500_not_a_busy_page(failing_app):
    def missing_table():
        raise sa.exc.OperationalError("SELECT * FROM nix", {}, Exception("no such table: nix"))

    failing_app.add_url_rule("/tabelle", "tabelle", missing_table)
    response = failing_app.test_client().get("/tabelle")
    assert response.status_code == 500
    assert "Retry-After" not in response.headers


def test_an_unreachable_postgresql_answers_503():
    url = "postgresql+psycopg://harzquiz@127.0.0.1:1/harzquiz"
    app = create_app({**base_config(), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        try:
            response = app.test_client().get("/")
        finally:
            db.engine.dispose()
    assert response.status_code == 503
    assert "Es wurde nichts gespeichert" in text_of(response)
    assert "127.0.0.1" not in text_of(response)


# --- error pages: htmx alerts, request ids only on 500 ---------------------------------------

ERROR_ID = "Fehlernummer"


def test_an_htmx_request_to_an_unknown_route_gets_an_alert_partial(app, client):
    assert 'id="htmx-alerts"' in text_of(client.get("/"))
    response = client.get("/nope", headers=HTMX)
    body = text_of(response)
    assert response.status_code == 404
    assert is_partial(body)
    assert verdict_of(body) == "error"
    assert "Seite nicht gefunden" in body
    assert response.headers["HX-Retarget"] == "#htmx-alerts"
    assert response.headers["HX-Reswap"] == "innerHTML"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_not_found_shows_no_error_id(app, client, headers):
    response = client.get("/nope", headers={**headers, "X-Request-ID": "abc123"})
    assert response.status_code == 404
    assert ERROR_ID not in text_of(response)
    assert "abc123" not in text_of(response)
    if not headers:
        assert_not_retargeted(response, "404 page")


@pytest.fixture
def broken_app(app):
    """The test app with a route that fails (added before the app serves its first request)."""

    def broken():
        raise RuntimeError("geheimer Absturz")

    app.add_url_rule("/kaputt", "kaputt", broken)
    return app


def error_id(body: str) -> str:
    match = re.search(r"Fehlernummer: ([^<\s]+)", body)
    assert match, "no error id on the page"
    return match.group(1)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_500_shows_the_given_request_id(broken_app, headers):
    client = broken_app.test_client()
    response = client.get("/kaputt", headers={**headers, "X-Request-ID": "edge-7f3a.B_9"})
    body = text_of(response)
    assert response.status_code == 500
    assert "geheimer Absturz" not in body
    assert error_id(body) == "edge-7f3a.B_9"
    assert is_partial(body) is bool(headers)
    if headers:
        assert response.headers["HX-Retarget"] == "#htmx-alerts"


@pytest.mark.parametrize(
    "given",
    ["<script>", "x" * 65, "a b", "id;rm", ""],
    ids=["markup", "too-long", "space", "semicolon", "empty"],
)
def test_a_500_replaces_an_unusable_request_id(broken_app, given):
    client = broken_app.test_client()
    response = client.get("/kaputt", headers={"X-Request-ID": given})
    body = text_of(response)
    assert response.status_code == 500
    shown = error_id(body)
    assert re.fullmatch(r"[0-9a-f]{16}", shown), shown
    assert "<script>" not in body
    assert ("x" * 65) not in body
    # A fresh id per request.
    assert error_id(text_of(client.get("/kaputt", headers={"X-Request-ID": given}))) != shown
