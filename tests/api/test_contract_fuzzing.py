"""Contract fuzzing: schemathesis drives every operation of the live schema with a real token.

It finds no server error, no answer outside the schema, no undocumented status code, and no
request of the wrong shape accepted. New endpoints are fuzzed as soon as they are in the schema.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.factories import UserFactory, office

SCHEMA = "/api/v1/schema/"
GROUND_URLCONF = "tests.api.urls"

FUZZING = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same cases on every run: CI stays deterministic
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# A request the schema allows may still break a rule no schema can say (a NIK's checksum, a
# blacklisted agency): its 400 is no breach of contract. Every other check of schemathesis runs.
NOT_CHECKED = [positive_data_acceptance]

# Loaded when the tests are collected, one test per operation. The public schema needs no
# database. (schemathesis's lazy `from_fixture` loader does not run on pytest 9.2.)
portal_schema = schemathesis.openapi.from_wsgi(SCHEMA, WSGIHandler())
with override_settings(ROOT_URLCONF=GROUND_URLCONF):
    # The test endpoints of tests/api/urls.py: a strict write endpoint, scoped lists and
    # details with page and cursor pagination. Uploads and the refusing service are not
    # described by a schema, so not fuzzed.
    ground_schema = schemathesis.openapi.from_wsgi(SCHEMA, WSGIHandler()).exclude(
        path_regex="manifests|refusing"
    )


@pytest.fixture
def in_test_transaction():
    """Requests run inside the test's transaction, as with Django's test client.

    Django closes the database connection around each request it serves; in a test that would
    close the connection holding the test's transaction.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"client": "100000/minute", "anon": "100000/minute"},
    }


@pytest.fixture
def fuzzer_key(issue_token):
    """The token of an office head of UPT Serang, whose scope holds data."""
    head = UserFactory(username="head.serang.fuzz", role=Role.OFFICE_HEAD)
    AuditEvent.objects.create(action=AuditAction.CREATE, actor_office=office("upt-serang"))
    _, key = issue_token(head, name="Contract fuzzing")
    return key


@pytest.mark.usefixtures("in_test_transaction", "unthrottled")
@portal_schema.parametrize()
@FUZZING
def test_every_operation_of_the_api_keeps_its_contract_under_fuzzing(case, fuzzer_key):
    case.call_and_validate(
        headers={"Authorization": f"Token {fuzzer_key}"}, excluded_checks=NOT_CHECKED
    )


@pytest.mark.urls(GROUND_URLCONF)
@pytest.mark.usefixtures("in_test_transaction", "unthrottled")
@ground_schema.parametrize()
@FUZZING
def test_endpoints_built_on_the_ground_keep_their_contract_under_fuzzing(case, fuzzer_key):
    case.call_and_validate(
        headers={"Authorization": f"Token {fuzzer_key}"}, excluded_checks=NOT_CHECKED
    )
