import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.db.backends.postgresql.operations import DatabaseOperations as PostgresqlOperations
from rest_framework.test import APIClient

from pmi_portal.access.roles import Role
from pmi_portal.api.services import api_token_issue
from pmi_portal.offices.reference import read_reference_data
from pmi_portal.offices.services import reference_data_load
from tests.factories import UserFactory, office

ROOT = Path(__file__).resolve().parent.parent

_postgresql_sql_flush = PostgresqlOperations.sql_flush


def _sql_flush_past_the_audit_trigger(self, style, tables, **kwargs):
    """Tests that flush the database may empty the audit trail, which refuses TRUNCATE.

    Only a superuser (the test database's owner) may switch triggers off like this.
    """
    statements = _postgresql_sql_flush(self, style, tables, **kwargs)
    return ["SET LOCAL session_replication_role = replica;", *statements] if statements else []


PostgresqlOperations.sql_flush = _sql_flush_past_the_audit_trigger


def load_reference_data() -> None:
    reference_data_load(data=read_reference_data())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the shipped regions, countries and offices."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(transactional_db):
    """For tests that flush the database (live server, real workers): load it again."""
    load_reference_data()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def counter(db):
    """A counter officer of UPT BP2MI Serang."""
    return UserFactory(username="loket.serang", role=Role.COUNTER_OFFICER)


@pytest.fixture
def counter_client(client, counter):
    client.force_login(counter)
    return client


@pytest.fixture(autouse=True)
def files_in_tmp(settings, tmp_path):
    """Uploaded and private files of a test land in its own folder, never in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture
def logged_in_client(client, user):
    client.force_login(user)
    return client


@dataclass(frozen=True)
class Personas:
    """The users of every access test: the record's office, another office, the nation."""

    own: object  # a user of UPT BP2MI Serang (the records' office in these tests)
    other: object  # a user of UPT BP2MI Pontianak
    national: object  # a national analyst at headquarters

    def all(self):
        return {"own": self.own, "other": self.other, "national": self.national}


@pytest.fixture
def personas(db):
    return Personas(
        own=UserFactory(username="head.serang.uji", role=Role.OFFICE_HEAD),
        other=UserFactory(
            username="head.pontianak.uji", role=Role.OFFICE_HEAD, office=office("upt-pontianak")
        ),
        national=UserFactory(
            username="analyst.uji", role=Role.NATIONAL_ANALYST, office=office("hq")
        ),
    )


@pytest.fixture
def issue_token(db):
    """Issue a token through the service, as the admin and the command do: (token, key)."""

    def issue(user, name="Sistem uji", **kwargs):
        return api_token_issue(actor=None, user=user, name=name, **kwargs)

    return issue


@pytest.fixture
def client_with_token(issue_token):
    """A client that sends a fresh token of the given user."""

    def make(user) -> APIClient:
        _, key = issue_token(user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


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
def worker_env() -> dict:
    """More environment for the worker's settings; a test module overrides it."""
    return {}


def start_celery_worker(queue: str, worker_env: dict) -> subprocess.Popen:
    """A `celery worker` process on the test database and the broker of REDIS_URL, taking
    tasks from `queue` only; every task it sends itself (a retry) goes to `queue` too
    (PMI_TEST_QUEUE, settings/test.py)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pmi_portal.settings.test",
        "PMI_TEST_QUEUE": queue,
        **worker_env,
    }
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
        f"{queue}-{uuid.uuid4().hex[:6]}@%h",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)


@pytest.fixture
def real_celery_worker(worker_env):
    """A real worker over the real broker, stopped after the test (see start_celery_worker)."""
    if django_settings.REDIS_URL is None:
        pytest.skip("needs a real broker: set REDIS_URL (CI does)")
    queue = f"test-{uuid.uuid4().hex[:12]}"
    process = start_celery_worker(queue, worker_env)
    try:
        yield CeleryWorker(queue=queue, process=process)
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


@pytest.fixture
def in_process(settings):
    """Tasks run in this process at once, as on the embedded default, whatever the broker."""
    from pmi_portal.celery import app

    saved = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved
