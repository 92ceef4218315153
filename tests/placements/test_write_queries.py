"""The counter's writes cost few queries: no row read twice, no savepoint nobody needs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.models import Placement
from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.factories import PlacementFactory
from tests.placements.conftest import pdf
from tests.placements.test_registration import NIK, registration

pytestmark = pytest.mark.django_db


def test_a_stage_move_through_htmx_reads_the_placement_once_after_the_write(
    counter_client, django_assert_max_num_queries
):
    placement = PlacementFactory()
    counter_client.post(
        f"/registry/placements/{placement.pk}/documents/", {"kind": "ktp", "file": pdf()}
    )

    with django_assert_max_num_queries(16):
        response = counter_client.post(
            f"/registry/placements/{placement.pk}/move/",
            {"to_stage": "selection", "version": placement.version, "reason": ""},
            headers={"HX-Request": "true"},
        )

    assert 'data-testid="placement-stage">seleksi' in response.content.decode()
    placement.refresh_from_db()
    assert (placement.stage, placement.version) == ("selection", 2)


def test_a_registration_reads_no_row_twice_and_takes_no_needless_savepoint(
    counter_client, django_assert_max_num_queries
):
    data = registration()

    with django_assert_max_num_queries(22):
        response = counter_client.post("/registry/workers/new/", data)

    placement = Placement.objects.get(worker__nik=NIK)
    assert response["Location"] == f"/registry/placements/{placement.pk}/receipt/"
    assert AuditEvent.objects.filter(object_id=str(placement.pk), action=AuditAction.CREATE)
    assert AuditEvent.objects.filter(object_id=str(placement.worker_id), action=AuditAction.CREATE)


@pytest.mark.usefixtures("reference_kept")
def test_a_registration_checks_the_regency_destination_and_agency_posted_without_a_query(
    counter_client,
):
    data = registration()  # its agency saved before the agencies are kept
    counter_client.post(
        "/registry/workers/new/",
        registration(nik="3603124507950011", full_name="Rukmini Wulandari"),
    )

    with CaptureQueriesContext(connection) as queries:
        response = counter_client.post("/registry/workers/new/", data)

    # Was 11 before: the home regency's row, the destination's and the agency's are read no
    # more; then 7: the audit rows are appended without reading the chain's last hash (they
    # are chained after the commit), and the NIK is asked for only when someone similar is
    # found (else its unique index answers). The session's queries and savepoints, which depend
    # on the session store, are not counted. Then 6: the person's and the placement's audit
    # rows are one INSERT.
    statements = [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]
    assert len(statements) == 6, statements

    placement = Placement.objects.select_related("worker").get(worker__nik=NIK)
    assert response["Location"] == f"/registry/placements/{placement.pk}/receipt/"
    assert (placement.destination_id, placement.worker.home_regency_id) == ("TW", "3603")


def test_a_registrations_placement_and_first_stage_are_one_insert_each_with_every_value(
    counter_client, counter
):
    with CaptureQueriesContext(connection) as queries:
        counter_client.post("/registry/workers/new/", registration())

    inserts = [q["sql"].split(" (", 1)[0] for q in queries if q["sql"].startswith("INSERT")]
    assert inserts.count('INSERT INTO "placements_placement"') == 1
    assert inserts.count('INSERT INTO "placements_stagechange"') == 1
    placement = Placement.objects.get(worker__nik=NIK)
    assert (placement.stage, placement.version) == ("registered", 1)
    assert (placement.office, placement.created_by) == (counter.office, counter)
    assert placement.regency_id == placement.worker.home_regency_id
    assert placement.created_at is not None and placement.stage_changed_at is not None
    (first,) = placement.history.all()
    assert (first.from_state, first.to_state, first.kind) == ("", "registered", "forward")
    assert (first.actor, first.office) == (counter, counter.office)
