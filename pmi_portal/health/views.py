from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from pmi_portal.health.checks import (
    check_broker,
    check_database,
    check_throttling,
    check_workers,
)


@never_cache
@require_safe
def healthz(request):
    """200 when the database and the broker answer, 503 when one does not."""
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(result.ok for result in checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "error",
            "checks": {name: result.as_dict() for name, result in checks.items()},
            "workers": check_workers(),
            "throttling": check_throttling(),
        },
        status=200 if healthy else 503,
    )
