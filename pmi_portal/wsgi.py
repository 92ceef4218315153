"""WSGI entry point (gunicorn pmi_portal.wsgi)."""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmi_portal.settings.base")

from pmi_portal.settings.startup import load_settings_or_exit

load_settings_or_exit()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import get_resolver  # noqa: E402

application = get_wsgi_application()

# What a process loads to serve (Django, the apps' modules and models, the URLconf: ~160,000
# objects) lives as long as the process and is never garbage: moved out of the garbage
# collector's generations (gc.freeze), so that its full collections, every few hundred
# requests, walk only what was made since. On the worker and case pages each cost ~80 ms, 0.3
# ms a request (bench/costs.py); with the freeze ~0.02 ms. Under `gunicorn --preload` this runs
# before the fork, and the workers share the frozen pages too.
get_resolver().url_patterns  # noqa: B018 - the URLconf imported now, not by the first request
gc.collect()
gc.freeze()
