import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def logged_in_client(client, user):
    client.force_login(user)
    return client


@dataclass(frozen=True)
class CeleryWorker:
    """A real worker process over the real broker; tasks sent to `queue` reach only it."""

    queue: str
    process: subprocess.Popen


def _database_url_of_test_database() -> str | None:
    params = connection.settings_dict
    if params["ENGINE"] != "django.db.backends.postgresql":
        return None
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    return (
        f"postgres://{params['USER']}{password}@{params['HOST'] or '127.0.0.1'}:"
        f"{params['PORT'] or 5432}/{params['NAME']}"
    )


@pytest.fixture
def real_celery_worker():
    """Start `celery worker` on the test database and the broker of REDIS_URL."""
    if django_settings.REDIS_URL is None:
        pytest.skip("needs a real broker: set REDIS_URL (CI does)")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pmi_portal.settings.test"}
    database_url = _database_url_of_test_database()
    if database_url is not None:
        env["DATABASE_URL"] = database_url
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "pmi_portal",
        "worker",
        "--pool=solo",
        "--queues",
        queue,
        "--hostname",
        f"{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    try:
        yield CeleryWorker(queue=queue, process=process)
    finally:
        process.terminate()
        process.wait(timeout=30)
