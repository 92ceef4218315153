"""A fixed-window limit per client address for the public pages, kept in the cache.

The address itself is never stored: the cache key holds a keyed hash of it, for one window.
"""

import hashlib
import hmac
import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

# (requests, seconds) per address: sending reports and more information, and looking one up.
LIMITS = {"submit": (5, 3600), "lookup": (60, 3600)}


def over_limit(request, scope: str) -> bool:
    """Count this request against its address's window; True once the window is used up."""
    limit, window = LIMITS[scope]
    address = get_client_ip_address(request) or ""
    hashed = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()
    key = f"lapor:{scope}:{hashed[:32]}:{int(time.time()) // window}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > limit
