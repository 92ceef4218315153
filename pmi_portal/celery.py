"""The Celery app: workers and beat read the Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmi_portal.settings.base")

from pmi_portal.settings.startup import load_settings_or_exit

load_settings_or_exit()

app = Celery("pmi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
