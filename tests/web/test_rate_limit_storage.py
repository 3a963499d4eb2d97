"""The guess rate limit uses the configured storage: Redis when RATELIMIT_STORAGE_URI says so."""

import os
import uuid

import pytest

from tests.conftest import base_config
from tests.factories import make_riddle

REDIS_URL = os.environ.get("HARZQUIZ_TEST_REDIS_URL", "")

pytestmark = pytest.mark.skipif(
    not REDIS_URL, reason="set HARZQUIZ_TEST_REDIS_URL (.ci/run does) to test Redis storage"
)


@pytest.fixture
def app_config(tmp_path):
    config = base_config(tmp_path)
    config["RATELIMIT_STORAGE_URI"] = REDIS_URL
    config["RATELIMIT_KEY_PREFIX"] = f"hq-test-{uuid.uuid4().hex}"
    config["GUESS_LIMIT_PER_PLAYER"] = "2/minute"
    return config


def test_limit_counts_in_redis(app, reader):
    import redis

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
