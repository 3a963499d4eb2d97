"""Production configuration: environment variables, secure cookies, trusted proxies,
/healthz, the gunicorn config and `flask db upgrade` on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from harzquiz import ROOT, create_app
from tests.clients import Reader
from tests.database import TEST_DATABASE_URL, base_config
from tests.factories import make_riddle
from tests.helpers import assert_security_headers, new_reader, text_of
from tests.live import get, gunicorn, server_environment

REDIS_URL = os.environ.get("HARZQUIZ_TEST_REDIS_URL", "")
BIN = Path(sys.executable).parent  # the venv running the tests
FLASK = str(BIN / "flask")
GUNICORN = str(BIN / "gunicorn")
GUNICORN_ARGS = ["-c", "python:harzquiz.gunicorn_conf", "harzquiz:create_app()"]
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def clean_environment(**extra: str) -> dict[str, str]:
    """The process environment without any HarzQuiz setting, plus `extra`."""
    keep = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("HARZQUIZ_")
        and name not in ("DATABASE_URL", "SECRET_KEY")
        and name != "REDIS_URL"
    }
    return {**keep, **extra}


# --- configuration from the environment ------------------------------------------------------


def test_production_settings_come_from_the_environment(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("HARZQUIZ_")]:
        monkeypatch.delenv(name)
    database = f"sqlite:///{tmp_path / 'prod.sqlite'}"
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/3")
    monkeypatch.setenv("HARZQUIZ_SESSION_COOKIE_SECURE", "true")
    monkeypatch.setenv("HARZQUIZ_PROXY_HOPS", "2")
    app = create_app()
    assert app.config["SECRET_KEY"] == "k" * 64
    assert app.config["SQLALCHEMY_DATABASE_URI"] == database
    assert app.config["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/3"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["PROXY_HOPS"] == 2


def test_postgresql_urls_use_psycopg_3():
    url = "postgresql+psycopg://harzquiz@db.internal/harzquiz"
    app = create_app({**base_config(), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from harzquiz.extensions import db

        assert db.engine.dialect.name == "postgresql"
        assert db.engine.dialect.driver == "psycopg"
        db.engine.dispose()


@pytest.mark.parametrize(
    ("setting", "url", "module", "extra"),
    [
        ("RATELIMIT_STORAGE_URI", "redis://cache.internal:6379/3", "redis", "redis"),
        ("SQLALCHEMY_DATABASE_URI", "postgresql+psycopg://h@db.internal/h", "psycopg", "postgres"),
    ],
)
def test_a_backend_without_its_extra_refuses_to_start(
    tmp_path, monkeypatch, setting, url, module, extra
):
    """The plain install has no Redis or PostgreSQL driver: configuring one names the extra."""
    import importlib.util

    real_find_spec = importlib.util.find_spec

    def find_spec(name, *args):
        return None if name == module else real_find_spec(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(RuntimeError, match=re.escape(f"pip install 'harzquiz[{extra}]'")):
        create_app({**base_config(tmp_path), setting: url})


class TestSecureCookies:
    @pytest.fixture
    def app_config(self) -> dict:
        return {**base_config(), "SESSION_COOKIE_SECURE": True}

    def test_session_cookie_is_secure_httponly_lax_and_hsts_is_sent(self, app):
        riddle = make_riddle()
        reader = Reader(app.test_client())
        response = reader.client.get(f"/raetsel/{riddle.slug}", base_url="https://localhost")
        reader.token = None
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert response.headers["Strict-Transport-Security"].startswith("max-age=")


FORWARDED = {"X-Forwarded-For": "198.51.100.9", "X-Forwarded-Proto": "https"}


def echo_client(app):
    """A client for an app with a route that echoes the scheme and client address it sees."""
    from flask import request

    app.add_url_rule("/wer", "wer", lambda: f"{request.scheme} {request.remote_addr}")
    return app.test_client()


def guess_from(reader, slug: str, n: int, forwarded_for: str) -> int:
    """The status of guess number `n`, sent with an X-Forwarded-For header."""
    return reader.client.post(
        f"/raetsel/{slug}/raten",
        data={"guess": f"Boje {n}", "csrf_token": reader.token},
        headers={"HX-Request": "true", "X-Forwarded-For": forwarded_for},
    ).status_code


class TestTrustedProxy:
    """Behind one proxy the client's address comes from X-Forwarded-For (per-address limits
    work); without a configured proxy the header is ignored (nobody can spoof an address)."""

    @pytest.fixture
    def app_config(self) -> dict:
        return {**base_config(), "PROXY_HOPS": 1, "GUESS_LIMIT_PER_IP": "2/minute"}

    def test_each_forwarded_address_has_its_own_limit(self, app):
        riddle = make_riddle()
        reader = new_reader(app, f"/raetsel/{riddle.slug}")
        statuses = [guess_from(reader, riddle.slug, n, "198.51.100.1") for n in range(3)]
        assert statuses == [200, 200, 429]
        assert guess_from(reader, riddle.slug, 3, "198.51.100.2") == 200

    def test_the_forwarded_scheme_and_address_are_believed(self, app):
        assert echo_client(app).get("/wer", headers=FORWARDED).text == "https 198.51.100.9"


class TestNoProxy:
    @pytest.fixture
    def app_config(self) -> dict:
        return {**base_config(), "PROXY_HOPS": 0, "GUESS_LIMIT_PER_IP": "2/minute"}

    def test_a_forged_forwarded_for_does_not_escape_the_limit(self, app):
        riddle = make_riddle()
        reader = new_reader(app, f"/raetsel/{riddle.slug}")
        statuses = [guess_from(reader, riddle.slug, n, f"203.0.113.{n}") for n in range(3)]
        assert statuses == [200, 200, 429]

    def test_forwarded_headers_are_ignored(self, app):
        assert echo_client(app).get("/wer", headers=FORWARDED).text == "http 127.0.0.1"


# --- /healthz --------------------------------------------------------------------------------


def health(app) -> tuple[int, dict, object]:
    """GET /healthz; the app's connections are closed afterwards."""
    from harzquiz.extensions import db

    try:
        response = app.test_client().get("/healthz")
    finally:
        db.session.remove()
        db.engine.dispose()
    return response.status_code, json.loads(text_of(response)), response


def test_healthz_reports_the_database_and_no_redis(app):
    status, body, response = health(app)
    assert status == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "redis": "not configured"}}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers
    assert_security_headers(response, "healthz")


@pytest.mark.skipif(not REDIS_URL, reason="set HARZQUIZ_TEST_REDIS_URL (.ci/run does)")
def test_healthz_reports_a_reachable_redis():
    app = create_app({**base_config(), "RATELIMIT_STORAGE_URI": REDIS_URL})
    with app.app_context():
        status, body, _ = health(app)
    assert (status, body["checks"]["redis"]) == (200, "ok")


def test_healthz_is_503_when_redis_is_unreachable_and_names_no_host():
    app = create_app({**base_config(), "RATELIMIT_STORAGE_URI": UNREACHABLE_REDIS})
    with app.app_context():
        status, body, response = health(app)
    assert status == 503
    assert body == {"status": "unavailable", "checks": {"database": "ok", "redis": "unreachable"}}
    assert "127.0.0.1" not in text_of(response) and "redis://" not in text_of(response)


def test_healthz_is_503_when_the_database_is_unreachable():
    secret_url = "postgresql+psycopg://geheim:passwort@127.0.0.1:1/harzquiz"
    app = create_app({**base_config(), "SQLALCHEMY_DATABASE_URI": secret_url})
    with app.app_context():
        status, body, response = health(app)
    assert status == 503
    assert body["checks"]["database"] == "unreachable"
    assert "passwort" not in text_of(response) and "geheim" not in text_of(response)


def test_a_default_limit_spares_healthz(app):
    """In its own server process: the limiter's defaults are process-wide state."""
    env = server_environment(
        app.config["SQLALCHEMY_DATABASE_URI"], HARZQUIZ_RATELIMIT_DEFAULT="2/minute"
    )
    with gunicorn(env) as (_, address):
        assert [get(address, "/impressum").status for _ in range(3)] == [200, 200, 429]
        assert {get(address, "/healthz").status for _ in range(10)} == {200}


# --- gunicorn and migrations -----------------------------------------------------------------


def test_gunicorn_config_reads_the_environment(monkeypatch):
    import importlib

    monkeypatch.setenv("HARZQUIZ_WORKERS", "5")
    monkeypatch.setenv("HARZQUIZ_BIND", "0.0.0.0:9000")
    import harzquiz.gunicorn_conf as conf

    conf = importlib.reload(conf)
    assert (conf.workers, conf.bind, conf.worker_class) == (5, "0.0.0.0:9000", "gthread")
    assert conf.preload_app is False
    assert conf.logconfig_dict["filters"]["request_id"]


def test_the_documented_gunicorn_command_loads_the_app(tmp_path):
    env = clean_environment(SECRET_KEY="s" * 64, DATABASE_URL=f"sqlite:///{tmp_path / 'g.sqlite'}")
    result = subprocess.run(
        [GUNICORN, "--check-config", *GUNICORN_ARGS],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "gunicorn -c python:harzquiz.gunicorn_conf 'harzquiz:create_app()'" in readme


def server_database_or_sqlite(tmp_path) -> str:
    if TEST_DATABASE_URL.startswith("postgresql"):
        engine = sa.create_engine(TEST_DATABASE_URL)
        with engine.begin() as connection:
            connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path / f'upgrade-{uuid.uuid4().hex}.sqlite'}"


def test_flask_db_upgrade_builds_the_schema(tmp_path):
    """The documented `flask --app harzquiz db upgrade`, on this run's database."""
    url = server_database_or_sqlite(tmp_path)
    env = clean_environment(SECRET_KEY="s" * 64, DATABASE_URL=url)
    command = [FLASK, "--app", "harzquiz", "db", "upgrade"]
    for _ in range(2):  # a second upgrade is a no-op
        result = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
    engine = sa.create_engine(url)
    try:
        tables = set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"riddle", "player", "guess", "solve", "alembic_version"} <= tables
