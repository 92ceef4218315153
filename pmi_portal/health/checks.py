"""Checks of the services the portal stands on, each on its own short-timeout connection.

A pooled connection can answer `SELECT 1` while the server refuses new ones, so the
database check opens a fresh connection rather than reusing the request's.
"""

import copy
import time
from dataclasses import dataclass

import redis
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections
from django.db.utils import load_backend

from pmi_portal.api.throttling import shared_cache_down
from pmi_portal.health.tasks import HEARTBEAT_EVERY_SECONDS, HEARTBEAT_KEY

CHECK_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str
    elapsed_ms: float

    def as_dict(self) -> dict:
        return {
            "status": "ok" if self.ok else "error",
            "detail": self.detail,
            "ms": round(self.elapsed_ms, 1),
        }


def _timed(probe) -> CheckResult:
    started = time.perf_counter()
    try:
        detail = probe()
    except (DatabaseError, redis.RedisError, OSError) as exc:
        return CheckResult(False, type(exc).__name__, (time.perf_counter() - started) * 1000)
    return CheckResult(True, detail, (time.perf_counter() - started) * 1000)


def database_settings(alias: str = "default") -> dict:
    """The settings of `alias` with short timeouts, for a connection of the check's own."""
    params = copy.deepcopy(connections[alias].settings_dict)
    if params["ENGINE"] == "django.db.backends.postgresql":
        options = params.setdefault("OPTIONS", {})
        options["connect_timeout"] = CHECK_TIMEOUT_SECONDS
        options["options"] = f"-c statement_timeout={CHECK_TIMEOUT_SECONDS * 1000}"
    params["CONN_MAX_AGE"] = 0
    return params


def check_database(alias: str = "default") -> CheckResult:
    params = database_settings(alias)

    def probe() -> str:
        wrapper = load_backend(params["ENGINE"]).DatabaseWrapper(params, alias)
        try:
            with wrapper.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        finally:
            wrapper.close()
        return wrapper.vendor

    return _timed(probe)


def check_broker() -> CheckResult:
    if settings.REDIS_URL is None:
        return CheckResult(True, "in-process", 0.0)

    def probe() -> str:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
            socket_timeout=CHECK_TIMEOUT_SECONDS,
        )
        try:
            client.ping()
        finally:
            client.close()
        return "redis"

    return _timed(probe)


def check_workers() -> dict:
    """How long ago a Celery worker last ran the heartbeat; informative, not a cause for 503."""
    if settings.REDIS_URL is None:
        return {"status": "ok", "detail": "in-process"}
    client = redis.Redis.from_url(
        settings.REDIS_URL,
        socket_connect_timeout=CHECK_TIMEOUT_SECONDS,
        socket_timeout=CHECK_TIMEOUT_SECONDS,
    )
    try:
        raw = client.get(HEARTBEAT_KEY)
    except redis.RedisError as exc:
        return {"status": "unknown", "detail": type(exc).__name__}
    finally:
        client.close()
    if raw is None:
        return {"status": "unknown", "detail": "no heartbeat yet"}
    age = max(0.0, time.time() - float(raw))
    status = "ok" if age <= HEARTBEAT_EVERY_SECONDS * 3 else "stale"
    return {"status": status, "last_heartbeat_seconds_ago": round(age, 1)}


def check_throttling() -> dict:
    """Whether the API's request budgets are counted in the shared cache (all processes
    together) or, degraded, by each process alone; informative, not a cause for 503."""
    try:
        caches["default"].get("pmi:health:throttling-probe")
    except redis.RedisError as exc:
        return {"status": "degraded", "detail": f"counted per process ({type(exc).__name__})"}
    if shared_cache_down():
        return {"status": "degraded", "detail": "counted per process after a recent failure"}
    return {"status": "ok", "detail": "shared"}
