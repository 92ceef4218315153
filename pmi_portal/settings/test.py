"""Test settings: the environment's databases and broker, a fixed key, fast hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 50)
os.environ.setdefault("HTTPS", "0")

from pmi_portal.settings.base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"  # noqa: F405

# Every test reads the dashboard's figures afresh, from summaries refreshed as it reads them, and
# computes the users' scopes and the public form's lists afresh; the caches have their own tests.
DASHBOARD_CACHE_SECONDS = 0
DASHBOARD_REFRESH_SECONDS = 0
DASHBOARD_REFRESH_IN_PROCESS = True
SCOPE_CACHE_SECONDS = 0
USER_CACHE_SECONDS = 0
UNREAD_CACHE_SECONDS = 0
CASE_COUNT_CACHE_SECONDS = 0
CASE_LIST_CACHE_SECONDS = 0
HEALTH_REUSE_SECONDS = 0
REFERENCE_OPTIONS_CACHE_SECONDS = 0

# The test receiver of webhooks listens on loopback, over plain HTTP.
NOTIFY_WEBHOOK_ALLOW_PRIVATE = True
# A real worker started by a test (tests/conftest.py) listens on a queue of its own.
if os.environ.get("PMI_TEST_QUEUE"):
    NOTIFY_QUEUE_IN_APP = NOTIFY_QUEUE_OUTBOUND = os.environ["PMI_TEST_QUEUE"]
