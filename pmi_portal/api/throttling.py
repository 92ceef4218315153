"""Request budgets: one per API token (or per session user), one per address for the anonymous.

The rates are read at request time (DRF reads them once at import), so a change of settings
applies. The counts live in the shared cache (Redis); when it fails they are kept in the
process's own memory for a while, so a limit still holds (per web process, not across them)
and /healthz reports the degraded state.
"""

import logging
import time

from django.core.cache import caches
from redis.exceptions import RedisError
from rest_framework import throttling
from rest_framework.settings import api_settings

from pmi_portal.api.models import ApiToken

logger = logging.getLogger(__name__)

LOCAL_CACHE = "throttle-local"
# After a failure the shared cache is left alone this long: a Redis that hangs would otherwise
# cost each request its socket timeout.
SHARED_CACHE_RETRY_SECONDS = 30

_shared_cache_down_until = 0.0


def shared_cache_down() -> bool:
    """Whether this process counts requests locally, the shared cache having failed."""
    return time.monotonic() < _shared_cache_down_until


def _mark_shared_cache_down() -> None:
    global _shared_cache_down_until  # one flag per process, on purpose
    _shared_cache_down_until = time.monotonic() + SHARED_CACHE_RETRY_SECONDS


def count_with_fallback(count):
    """Run `count(cache)` on the shared cache; when Redis fails, on this process's own cache,
    so that a limit still holds: the API's budgets and the pages' own (the public report form)."""
    if not shared_cache_down():
        try:
            return count(caches["default"])
        except RedisError:
            logger.warning(
                "Request limits count in this process only: the shared cache is unavailable",
                exc_info=True,
            )
            _mark_shared_cache_down()
    return count(caches[LOCAL_CACHE])


class _LocalWhenSharedFails:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view) -> bool:
        def count(cache) -> bool:
            self.cache = cache
            return super(_LocalWhenSharedFails, self).allow_request(request, view)

        return count_with_fallback(count)


class ClientRateThrottle(_LocalWhenSharedFails, throttling.SimpleRateThrottle):
    scope = "client"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        else:
            ident = f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_LocalWhenSharedFails, throttling.AnonRateThrottle):
    scope = "anon"
