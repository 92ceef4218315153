"""The base of domain endpoints, proven on a test endpoint over the audit trail."""

import pytest

from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.api.helpers import assert_error
from tests.factories import office

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

EVENTS = "/api/ground/audit-events/"


@pytest.fixture
def events(db):
    """Two events in Serang's scope, one in Pontianak's."""
    serang, pontianak = office("upt-serang"), office("upt-pontianak")
    return {
        "serang": [
            AuditEvent.objects.create(action=AuditAction.CREATE, actor_office=serang),
            AuditEvent.objects.create(action=AuditAction.UPDATE, actor_office=serang),
        ],
        "pontianak": [AuditEvent.objects.create(action=AuditAction.CREATE, actor_office=pontianak)],
    }


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_each_office_lists_only_the_rows_in_its_scope(personas, client_with_token, events):
    serang = {event.pk for event in events["serang"]}
    pontianak = {event.pk for event in events["pontianak"]}

    assert ids(client_with_token(personas.own).get(EVENTS)) == serang
    assert ids(client_with_token(personas.other).get(EVENTS)) == pontianak
    assert ids(client_with_token(personas.national).get(EVENTS)) >= serang | pontianak


def test_a_row_out_of_scope_is_404_as_if_it_did_not_exist(personas, client_with_token, events):
    pontianak_event = events["pontianak"][0]

    response = client_with_token(personas.own).get(f"{EVENTS}{pontianak_event.pk}/")
    missing = client_with_token(personas.own).get(f"{EVENTS}999999999/")

    assert_error(response, 404, "not_found")
    assert response.json() == missing.json()
    assert (
        client_with_token(personas.other).get(f"{EVENTS}{pontianak_event.pk}/").status_code == 200
    )


def test_a_role_without_the_permission_is_403(client_with_token, user, events):
    # A counter officer's role does not hold audit.view_auditevent.
    assert_error(client_with_token(user).get(EVENTS), 403, "permission_denied")


def test_anonymous_is_401(client, events):
    assert_error(client.get(EVENTS), 401, "not_authenticated")


def test_lists_come_in_pages_of_at_most_100(personas, client_with_token, events):
    client = client_with_token(personas.own)

    first = client.get(EVENTS, {"page_size": 1}).json()
    capped = client.get(EVENTS, {"page_size": 100_000})

    assert first["count"] == 2
    assert len(first["results"]) == 1
    assert "page=2" in first["next"]
    assert capped.status_code == 200
    assert capped.wsgi_request.GET["page_size"] == "100000"
    assert_error(client.get(EVENTS, {"page": 99}), 404, "not_found")
    assert_error(client.get(EVENTS, {"page": ""}), 404, "not_found")


@pytest.mark.parametrize("page_size", ["0", "-1", "ten", "", "1.5"])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_400(
    personas, client_with_token, events, page_size
):
    response = client_with_token(personas.own).get(EVENTS, {"page_size": page_size})

    assert_error(response, 400, "invalid", attr="page_size")


def test_lists_filter_and_order_on_their_documented_fields(personas, client_with_token, events):
    client = client_with_token(personas.own)
    created, updated = events["serang"]

    only_updates = client.get(EVENTS, {"action": AuditAction.UPDATE})
    newest_first = client.get(EVENTS, {"ordering": "-id"}).json()["results"]
    oldest_first = client.get(EVENTS, {"ordering": "id"}).json()["results"]

    assert ids(only_updates) == {updated.pk}
    assert [row["id"] for row in newest_first] == [updated.pk, created.pk]
    assert [row["id"] for row in oldest_first] == [created.pk, updated.pk]
    assert_error(client.get(EVENTS, {"action": "x"}), 400, "invalid_choice", attr="action")


def test_a_cursor_paginated_list_is_scoped_as_well(personas, client_with_token, events):
    client = client_with_token(personas.own)

    first = client.get("/api/ground/audit-stream/", {"page_size": 1}).json()
    second = client.get(first["next"]).json()

    seen = {row["id"] for row in first["results"] + second["results"]}
    assert seen == {event.pk for event in events["serang"]}
    assert second["next"] is None


def test_times_are_iso_8601_with_the_office_offset(personas, client_with_token, events):
    [row] = (
        client_with_token(personas.own)
        .get(EVENTS, {"ordering": "id", "page_size": 1})
        .json()["results"]
    )

    assert row["occurred_at"].endswith("+07:00")
