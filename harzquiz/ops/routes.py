"""`/healthz`: whether this app process reaches its database and its Redis."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, current_app, g, jsonify

from harzquiz.extensions import db, limiter

bp = Blueprint("ops", __name__)
log = logging.getLogger(__name__)

# A health check must answer quickly even when Redis is gone (a dead host can hang a connect).
REDIS_TIMEOUT_SECONDS = 1.0


def database_ok() -> bool:
    """A `SELECT 1` on the configured database."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        return True
    except sa.exc.SQLAlchemyError as error:
        log.warning("healthz: database unreachable [%s]: %s", g.get("request_id"), type(error))
        return False
    finally:
        db.session.rollback()


def redis_url() -> str | None:
    """The Redis the rate limits use, or None when counters live in process memory."""
    uri = current_app.config.get("RATELIMIT_STORAGE_URI") or ""
    return uri if uri.startswith(("redis://", "rediss://", "unix://")) else None


def redis_ok(url: str) -> bool:
    """A PING to the rate-limit Redis, with a short timeout."""
    import redis

    client = redis.Redis.from_url(
        url, socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        return bool(client.ping())
    except redis.RedisError as error:
        log.warning("healthz: Redis unreachable [%s]: %s", g.get("request_id"), type(error))
        return False
    finally:
        client.close()


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 when every configured backend answers, else 503; names no hosts or secrets."""
    checks = {"database": "ok" if database_ok() else "unreachable"}
    url = redis_url()
    if url is None:
        checks["redis"] = "not configured"
    else:
        checks["redis"] = "ok" if redis_ok(url) else "unreachable"
    healthy = "unreachable" not in checks.values()
    response = jsonify(status="ok" if healthy else "unavailable", checks=checks)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    return response
