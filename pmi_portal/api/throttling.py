"""Request budgets: one per API token (or per session user), one per address for the anonymous.

The rates are read at request time (DRF reads them once at import), so a change of settings
applies; a cache that is down lets requests through rather than stop every integration.
"""

import logging

from redis.exceptions import RedisError
from rest_framework import throttling
from rest_framework.settings import api_settings

from pmi_portal.api.models import ApiToken

logger = logging.getLogger(__name__)


class _FailOpen:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except RedisError:
            logger.warning("API throttling skipped: the cache is unavailable", exc_info=True)
            return True


class ClientRateThrottle(_FailOpen, throttling.SimpleRateThrottle):
    scope = "client"

    def get_cache_key(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return None
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        else:
            ident = f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(_FailOpen, throttling.AnonRateThrottle):
    scope = "anon"
