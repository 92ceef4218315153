"""Rows written for an anonymous member of the public keep no address and no request id."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from pmi_portal.audit.context import AuditContextMiddleware, without_client_address
from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record


def _in_request(view):
    request = RequestFactory().get("/lapor/", REMOTE_ADDR="203.0.113.7")
    rows = []

    def get_response(request):
        rows.extend(view())
        return HttpResponse()

    AuditContextMiddleware(get_response)(request)
    return rows


def _row(label):
    return audit_record(action=AuditAction.CREATE, actor=None, object_repr=label)


@pytest.mark.django_db
def test_rows_inside_keep_no_address_and_rows_after_keep_it_again():
    def view():
        before = _row("sebelum")
        with without_client_address():
            inside = _row("laporan publik")
        return [before, inside, _row("sesudah")]

    before, inside, after = _in_request(view)

    assert (inside.ip_address, inside.request_id, inside.path) == (None, "", "/lapor/")
    assert before.ip_address == after.ip_address == "203.0.113.7"
    assert before.request_id == after.request_id != ""


@pytest.mark.django_db
def test_outside_a_request_it_changes_nothing():
    with without_client_address():
        row = _row("tugas")

    assert (row.ip_address, row.request_id) == (None, "")
