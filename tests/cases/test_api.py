import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from cases import throttle
from cases.models import Case
from pmi_portal.audit.models import AuditEvent
from tests.cases.factories import CaseFactory


@pytest.mark.django_db
def test_the_api_lists_the_cases_of_the_users_scope_only(client_with_token, handler, outsider):
    case = CaseFactory(reference="KSS-2026-123456", case_type="trafficking")
    url = reverse("api:case-list")

    own = client_with_token(handler).get(url, {"case_type": "trafficking"})
    other = client_with_token(outsider).get(url)
    detail = client_with_token(outsider).get(reverse("api:case-detail", kwargs={"pk": case.pk}))

    assert url == "/api/v1/cases/"
    assert [row["reference"] for row in own.json()["results"]] == ["KSS-2026-123456"]
    assert own.json()["results"][0]["office"] == "upt-serang"
    assert other.json()["results"] == []
    assert detail.status_code == 404


@pytest.fixture
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_limits")
def test_a_report_through_the_api_gives_its_receipt_once_and_keeps_no_address():
    client = APIClient(REMOTE_ADDR="198.51.100.23")

    created = client.post(
        "/api/v1/reports/",
        {"case_type": "trafficking", "description": "Penampungan ilegal", "regency": "6171"},
        format="json",
    )
    receipt = created.json()["receipt"]
    followed = client.get(f"/api/v1/reports/{receipt}/")
    forged = client.get(f"/api/v1/reports/{receipt[:7]}AAAA-AAAA-AAAA/")

    assert created.status_code == 201
    assert Case.objects.get().office.code == "upt-pontianak"
    assert set(AuditEvent.objects.values_list("ip_address", flat=True)) == {None}
    assert followed.json()["state"] == "reported"
    assert forged.status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_limits")
def test_the_api_refuses_a_named_report_without_contact_and_too_many_reports(monkeypatch):
    monkeypatch.setitem(throttle.LIMITS, "submit", (1, 3600))
    client = APIClient(REMOTE_ADDR="198.51.100.23")
    body = {"case_type": "other", "description": "Hilang kontak", "anonymous": False}

    refused = client.post("/api/v1/reports/", body, format="json")
    limited = client.post("/api/v1/reports/", body, format="json")

    assert refused.status_code == 400
    assert refused.json()["errors"][0]["code"] == "contact_required"
    assert limited.status_code == 429
