"""A fixed-window limit per client address for the public pages, kept in the cache.

The address itself is never stored: the cache key holds a keyed hash of it, for one window.
"""

import hashlib
import hmac
import time

from axes.helpers import get_client_ip_address
from django.conf import settings

from pmi_portal.api.throttling import count_with_fallback

# (requests, seconds) per address: sending reports and more information, and looking one up.
LIMITS = {"submit": (5, 3600), "lookup": (60, 3600)}


def over_limit(request, scope: str) -> bool:
    """Count this request against its address's window; True once the window is used up."""
    limit, window = LIMITS[scope]
    address = get_client_ip_address(request) or ""
    hashed = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    key = f"lapor:{scope}:{hashed[:32]}:{int(time.time()) // window}"

    def count(cache) -> int:
        cache.add(key, 0, timeout=window)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            return 1

    # With Redis down the window is counted in this process: reports still go through, and a
    # flood from one address is still stopped.
    return count_with_fallback(count) > limit
