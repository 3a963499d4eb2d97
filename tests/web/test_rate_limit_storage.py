"""The guess rate limit uses the configured storage: Redis when RATELIMIT_STORAGE_URI says so."""

import os
import uuid

import pytest
import redis

from tests.database import base_config
from tests.factories import make_riddle
from tests.helpers import new_reader
from tests.live import gunicorn, post_form, server_environment, session_cookie

REDIS_URL = os.environ.get("HARZQUIZ_TEST_REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="set HARZQUIZ_TEST_REDIS_URL (.ci/run does) to test Redis storage"
)


@pytest.fixture
def app_config():
    config = base_config()
    config["RATELIMIT_STORAGE_URI"] = REDIS_URL
    config["RATELIMIT_KEY_PREFIX"] = f"hq-test-{uuid.uuid4().hex}"
    config["GUESS_LIMIT_PER_PLAYER"] = "2/minute"
    return config


def test_limit_counts_in_redis(app, reader):
    riddle = make_riddle()
    prefix = app.config["RATELIMIT_KEY_PREFIX"]
    statuses = [reader.guess(riddle.slug, f"Boje {n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    connection = redis.Redis.from_url(REDIS_URL)
    keys = connection.keys(f"*{prefix}*")
    try:
        assert keys, "the limiter wrote no counters to Redis"
    finally:
        if keys:
            connection.delete(*keys)


# --- two app servers, one Redis ---------------------------------------------------------------


def alternate_guesses(app, riddle_slug: str, servers: list) -> list[int]:
    """One player's guesses, sent in turn to each server (as a load balancer would)."""
    reader = new_reader(app, f"/raetsel/{riddle_slug}")
    assert reader.guess(riddle_slug, "Anfang").status_code == 200  # fixes the session
    cookie = session_cookie(app, reader.client)
    path = f"/raetsel/{riddle_slug}/raten"
    return [
        post_form(address, path, {"guess": f"Boje {n}", "csrf_token": reader.token}, cookie).status
        for n, address in enumerate(servers * 2)
    ]


def two_servers(app, **settings):
    """Two gunicorn processes (separate memory) on the test database."""
    env = server_environment(
        app.config["SQLALCHEMY_DATABASE_URI"],
        HARZQUIZ_GUESS_LIMIT_PER_PLAYER="3/minute",
        **settings,
    )
    return gunicorn(env), gunicorn(env)


def live_riddle():
    """A riddle live by the frozen clock, which the server processes share (HARZQUIZ_NOW)."""
    return make_riddle()


def test_two_app_servers_share_the_limit_through_redis(app):
    riddle = live_riddle()
    prefix = f"hq-test-{uuid.uuid4().hex}"
    first, second = two_servers(app, REDIS_URL=REDIS_URL, HARZQUIZ_RATELIMIT_KEY_PREFIX=prefix)
    with first as (_, a), second as (_, b):
        statuses = alternate_guesses(app, riddle.slug, [a, b])
    # The limit is 3 a minute: the fourth guess, wherever it lands, is refused.
    assert statuses == [303, 303, 303, 429]
    connection = redis.Redis.from_url(REDIS_URL)
    keys = connection.keys(f"*{prefix}*")
    if keys:
        connection.delete(*keys)
    connection.close()


def test_without_shared_storage_each_server_counts_alone(app):
    """The control: in-process memory lets one player past the limit by switching servers,
    which is why production needs REDIS_URL."""
    riddle = live_riddle()
    first, second = two_servers(app)
    with first as (_, a), second as (_, b):
        statuses = alternate_guesses(app, riddle.slug, [a, b])
    assert statuses == [303, 303, 303, 303]
