"""WSGI entry point (gunicorn pmi_portal.wsgi)."""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmi_portal.settings.base")

from pmi_portal.settings.startup import load_settings_or_exit

load_settings_or_exit()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import get_resolver  # noqa: E402

# What a process loads to serve lives as long as the process and is never garbage: moved out of
# the garbage collector's generations (gc.freeze), its full collections, every few hundred
# requests, walk only what was made since. Frozen twice: once loaded (Django, the apps' modules
# and models, the URLconf: ~160,000 objects; under `gunicorn --preload` before the fork, so the
# workers share those pages too), and once warm, before its WARM_AFTER_REQUESTS-th request
# (the compiled templates, translations, the process caches' reference data: ~50,000 more).
# Measured with bench/costs.py: the full collections cost ~80 ms, 0.3 ms a request on the
# worker and case pages; ~25-55 ms after the first freeze alone.
WARM_AFTER_REQUESTS = 200


class FrozenWhenWarm:
    """The application, freezing what the process holds before its WARM_AFTER_REQUESTS-th
    request: between two requests, after a collection, so that nothing of a request is
    frozen."""

    def __init__(self, application):
        self.application = application
        self.requests_left = WARM_AFTER_REQUESTS

    def __call__(self, environ, start_response):
        if self.requests_left:
            self.requests_left -= 1
            if not self.requests_left:
                gc.collect()
                gc.freeze()
        return self.application(environ, start_response)


application = FrozenWhenWarm(get_wsgi_application())
get_resolver().url_patterns  # noqa: B018 - the URLconf imported now, not by the first request
gc.collect()
gc.freeze()
