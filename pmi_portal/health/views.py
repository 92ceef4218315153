import time

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pmi_portal.health.checks import (
    check_broker,
    check_database,
    check_throttling,
    check_workers,
)


class _LastAnswer:
    """This process's last answer and when it was probed (time.monotonic)."""

    body: dict | None = None
    status: int = 200
    probed_at: float = 0.0


def _probe() -> tuple[dict, int]:
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(result.ok for result in checks.values())
    body = {
        "status": "ok" if healthy else "error",
        "checks": {name: result.as_dict() for name, result in checks.items()},
        "workers": check_workers(),
        "throttling": check_throttling(),
    }
    return body, 200 if healthy else 503


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the broker answer, 503 when one does not.

    Each check opens a connection of its own; the answer is reused for HEALTH_REUSE_SECONDS in
    this process, and says how old it is (`probed_seconds_ago`).
    """
    now = time.monotonic()
    last = _LastAnswer
    if last.body is None or now - last.probed_at >= settings.HEALTH_REUSE_SECONDS:
        last.body, last.status = _probe()
        last.probed_at = now
    age = round(now - last.probed_at, 1)
    return JsonResponse({**last.body, "probed_seconds_ago": age}, status=last.status)
