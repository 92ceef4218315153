"""A registration's audit rows (the person, the placement) are written in one INSERT, each as
it was before: its action, record, region and changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from placements.models import Placement
from pmi_portal.audit.models import AuditAction, AuditEvent
from tests.placements.test_registration import NIK, registration

pytestmark = pytest.mark.django_db


def test_a_registration_writes_its_two_audit_rows_in_one_insert(counter_client, counter):
    with CaptureQueriesContext(connection) as captured:
        response = counter_client.post("/registry/workers/new/", registration())

    assert response.status_code == 302
    audit_inserts = [q for q in captured if q["sql"].startswith('INSERT INTO "audit_auditevent"')]
    assert len(audit_inserts) == 1
    placement = Placement.objects.select_related("worker").get(worker__nik=NIK)
    rows = list(AuditEvent.objects.filter(request_id__gt="").order_by("pk"))
    assert [(row.action, row.object_id, row.content_type.model) for row in rows] == [
        (AuditAction.CREATE, str(placement.worker_id), "person"),
        (AuditAction.CREATE, str(placement.pk), "placement"),
    ]
    person_row, placement_row = rows
    assert (person_row.actor_id, person_row.actor_office_id) == (counter.pk, counter.office_id)
    assert person_row.regency_id == placement_row.regency_id == placement.worker.home_regency_id
    assert person_row.changes["nik"] == [None, NIK]
    assert placement_row.changes["worker"] == [None, placement.worker_id]
    assert person_row.path == placement_row.path == "/registry/workers/new/"
