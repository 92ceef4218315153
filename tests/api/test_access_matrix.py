"""Every operation of the API, for every role, and anonymous: the answer each must get. A new
operation with no row here fails the first test. Which rows a role then reaches is its office
scope's business, proven per app (404 for another office's id, as for one that does not exist).

A row: who may call it, by role, in the order CO AO CH OH RH NA AD (counter officer, airport
officer, case handler, office head, regional head, national analyst, administrator): `A` the
role is let through (an empty body then answers 400, an unknown id 404, a list 200), `-` the
role is refused (403). Anonymous callers get 401, but on the public report endpoints.
"""

import re

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from pmi_portal.access.roles import Role
from tests.factories import UserFactory, office

ROLES = [
    (Role.COUNTER_OFFICER, "upt-serang"),
    (Role.AIRPORT_OFFICER, "pos-soetta"),
    (Role.CASE_HANDLER, "upt-serang"),
    (Role.OFFICE_HEAD, "upt-serang"),
    (Role.REGIONAL_HEAD, "upt-serang"),
    (Role.NATIONAL_ANALYST, "hq"),
    (Role.ADMINISTRATOR, "hq"),
]
EVERYONE = "AAAAAAA"
PUBLIC = "public"

MATRIX = {
    "GET /api/v1/me/": EVERYONE,
    "POST /api/v1/mrz/parse/": EVERYONE,  # reads the text it is sent, nothing stored
    "POST /api/v1/nik/parse/": EVERYONE,  # the same for a NIK; looks up no person
    "GET /api/v1/notifications/": EVERYONE,  # each user's own
    "POST /api/v1/notifications/{id}/read/": EVERYONE,
    "GET /api/v1/workers/": EVERYONE,
    "POST /api/v1/workers/": "A--A---",
    "GET /api/v1/workers/{id}/": EVERYONE,
    "PUT /api/v1/workers/{id}/": "A--A--A",
    "PATCH /api/v1/workers/{id}/": "A--A--A",
    "GET /api/v1/placements/": EVERYONE,
    "POST /api/v1/placements/": "A--A---",
    "GET /api/v1/placements/{id}/": EVERYONE,
    "POST /api/v1/placements/{id}/transition/": "A--A---",
    "GET /api/v1/arrivals/": EVERYONE,
    "POST /api/v1/arrivals/": "-A-----",
    "POST /api/v1/arrivals/import/": "-A-----",
    "GET /api/v1/arrivals/{id}/": EVERYONE,
    "POST /api/v1/arrivals/{id}/receive/": "AA-A---",
    "POST /api/v1/arrivals/{id}/transport/": "AA-A---",
    "GET /api/v1/interceptions/": EVERYONE,
    "POST /api/v1/interceptions/": "-A-----",
    "GET /api/v1/interceptions/{id}/": EVERYONE,
    "GET /api/v1/cases/": EVERYONE,
    "GET /api/v1/cases/{id}/": EVERYONE,
    "POST /api/v1/cases/": "AAAA---",  # intake: the counter, the airport, handlers, heads
    "POST /api/v1/cases/{id}/transition/": "--AA---",
    "POST /api/v1/cases/{id}/notes/": "--AA---",
    "GET /api/v1/dashboard/": "---AAAA",  # the heads, the analysts, the administrators
    "GET /api/v1/outreach/": "A--AAAA",  # the counter and the heads record it; oversight reads
    "POST /api/v1/outreach/": "A--A---",
    "GET /api/v1/outreach/{id}/": "A--AAAA",
    "GET /api/v1/programmes/": "A--AAAA",
    "POST /api/v1/programmes/": "A--A---",
    "GET /api/v1/programmes/{id}/": "A--AAAA",
    "POST /api/v1/programmes/{id}/participants/": "A--A---",
    "POST /api/v1/reports/": PUBLIC,
    "POST /api/v1/survey/": PUBLIC,  # the SKM from a receipt's link, anonymous
    "GET /api/v1/reports/{receipt}/": PUBLIC,
}


def operations() -> list[str]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return sorted(
        f"{method.upper()} {path}"
        for path, methods in schema["paths"].items()
        for method in methods
    )


def test_every_operation_of_the_api_has_its_row():
    assert set(operations()) - set(MATRIX) == set(), "add a row to MATRIX"
    assert set(MATRIX) - set(operations()) == set(), "a row names no operation"


@pytest.fixture
def callers(db, issue_token):
    clients = []
    for role, office_code in ROLES:
        user = UserFactory(username=f"matriks.{role}", role=role, office=office(office_code))
        _token, key = issue_token(user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        clients.append((role, client))
    return clients


def _call(client, operation: str):
    method, path = operation.split(" ")
    url = re.sub(r"\{[^}]+\}", "999999", path)
    cache.clear()  # the public endpoints' limit per address is not what is tested here
    return getattr(client, method.lower())(url, {}, format="json")


@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_each_role_and_anonymous_get_the_answer_of_their_row(operation, callers):
    row = MATRIX[operation]
    anonymous = _call(APIClient(), operation).status_code
    if row == PUBLIC:
        assert anonymous not in (401, 403)
        row = EVERYONE
    else:
        assert anonymous == 401
    answers = {}
    for role, client in callers:
        status = _call(client, operation).status_code
        answers[role] = "A" if status not in (401, 403) else "-"
        assert status < 500
    assert len(answers) == len(row)
    assert "".join(answers.values()) == row, answers
