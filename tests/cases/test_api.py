import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from cases import services, throttle
from cases.models import Case
from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditEvent
from tests.cases.factories import CaseFactory
from tests.factories import UserFactory, office


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


def _codes(response) -> list[tuple[str, str]]:
    return [(error["attr"], error["code"]) for error in response.json()["errors"]]


@pytest.mark.django_db
def test_staff_intake_through_the_api_opens_a_routed_case_with_its_parties(
    client_with_token, handler
):
    response = client_with_token(handler).post(
        "/api/v1/cases/",
        {
            "case_type": "unlicensed_recruiter",
            "source": "hotline",
            "description": "Calo menjanjikan kerja di Malaysia",
            "regency": "3673",
            "victim_name": "Siti Aminah",
            "recruiter_name": "Pak Darto",
            "recruiter_phone": "0812 5678 0011",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["reference"] == case.reference
    assert body["state"] == "reported"
    assert body["office"] == "upt-serang"
    assert body["notes"] == []
    assert sorted(case.parties.values_list("role", "person__full_name")) == [
        ("recruiter", "Pak Darto"),
        ("victim", "Siti Aminah"),
    ]
    assert case.parties.get(role="recruiter").person.phone == "+6281256780011"


@pytest.mark.django_db
def test_the_api_refuses_a_bad_intake_with_codes_and_saves_nothing(client_with_token, handler):
    client = client_with_token(handler)

    no_story = client.post(
        "/api/v1/cases/",
        {"case_type": "abuse", "source": "hotline", "description": "   "},
        format="json",
    )
    public = client.post(
        "/api/v1/cases/",
        {"case_type": "abuse", "source": "public_report", "description": "x"},
        format="json",
    )
    bad_people = client.post(
        "/api/v1/cases/",
        {
            "case_type": "abuse",
            "source": "hotline",
            "description": "Dipukul majikan",
            "victim_nik": "1234",
            "recruiter_phone": "bukan nomor",
        },
        format="json",
    )
    nameless_recruiter = client.post(
        "/api/v1/cases/",
        {
            "case_type": "abuse",
            "source": "hotline",
            "description": "Dipukul majikan",
            "recruiter_phone": "081256780011",
        },
        format="json",
    )

    assert no_story.status_code == 400
    assert ("description", "blank") in _codes(no_story)
    assert public.status_code == 400
    assert ("source", "invalid_choice") in _codes(public)
    assert bad_people.status_code == 400
    assert {attr for attr, _ in _codes(bad_people)} == {"victim_nik", "recruiter_phone"}
    assert ("recruiter_phone", "phone_invalid") in _codes(bad_people)
    assert _codes(nameless_recruiter) == [("recruiter_name", "required")]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_user_who_does_not_open_cases_gets_403_from_the_intake(client_with_token):
    analyst = UserFactory(username="analis.pusat", role=Role.NATIONAL_ANALYST, office=office("hq"))

    response = client_with_token(analyst).post(
        "/api/v1/cases/",
        {"case_type": "abuse", "source": "hotline", "description": "x"},
        format="json",
    )

    assert response.status_code == 403
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_case_moves_through_the_api_and_a_stale_version_is_refused(client_with_token, handler):
    case = CaseFactory()
    client = client_with_token(handler)
    url = f"/api/v1/cases/{case.pk}/transition/"

    moved = client.post(url, {"to_state": "verified", "version": case.version}, format="json")
    stale = client.post(
        url,
        {"to_state": "under_investigation", "version": case.version},
        format="json",
    )
    refused = client.post(
        url, {"to_state": "closed", "version": moved.json()["version"]}, format="json"
    )
    unknown = client.post(url, {"to_state": "escalated", "version": 2}, format="json")

    assert moved.status_code == 200
    assert moved.json()["state"] == "verified"
    assert moved.json()["version"] == case.version + 1
    assert stale.status_code == 400
    assert _codes(stale) == [("non_field_errors", "stale")]
    assert refused.status_code == 400
    assert _codes(refused) == [("non_field_errors", "transition_refused")]
    assert ("to_state", "invalid_choice") in _codes(unknown)
    case.refresh_from_db()
    assert case.state == "verified"
    assert case.history.count() == 1


@pytest.mark.django_db
def test_a_rejection_needs_a_reason_and_a_merge_a_known_case(client_with_token, handler):
    case = CaseFactory()
    client = client_with_token(handler)
    url = f"/api/v1/cases/{case.pk}/transition/"

    no_reason = client.post(url, {"to_state": "rejected", "version": 1}, format="json")
    no_duplicate = client.post(
        url, {"to_state": "merged", "reason": "sama", "version": 1}, format="json"
    )
    unknown = client.post(
        url,
        {"to_state": "merged", "reason": "sama", "version": 1, "duplicate_of": "KSS-2026-000000"},
        format="json",
    )
    other = CaseFactory()
    merged = client.post(
        url,
        {"to_state": "merged", "reason": "sama", "version": 1, "duplicate_of": other.reference},
        format="json",
    )

    assert _codes(no_reason) == [("non_field_errors", "transition_refused")]
    assert _codes(no_duplicate) == [("duplicate_of", "duplicate_required")]
    assert _codes(unknown) == [("duplicate_of", "duplicate_not_found")]
    assert merged.status_code == 200
    case.refresh_from_db()
    assert case.merged_into == other


@pytest.mark.django_db
def test_a_merge_into_a_case_of_another_office_answers_as_if_it_did_not_exist(
    client_with_token, handler
):
    case = CaseFactory()
    elsewhere = CaseFactory(office=office("upt-pontianak"), regency_id="6171")

    response = client_with_token(handler).post(
        f"/api/v1/cases/{case.pk}/transition/",
        {"to_state": "merged", "reason": "sama", "version": 1, "duplicate_of": elsewhere.reference},
        format="json",
    )

    assert _codes(response) == [("duplicate_of", "duplicate_not_found")]


@pytest.mark.django_db
def test_notes_are_added_through_the_api_and_shown_in_the_detail(client_with_token, handler):
    case = CaseFactory()
    client = client_with_token(handler)

    added = client.post(f"/api/v1/cases/{case.pk}/notes/", {"text": " Korban dihubungi "}, "json")
    empty = client.post(f"/api/v1/cases/{case.pk}/notes/", {"text": "   "}, format="json")
    detail = client.get(f"/api/v1/cases/{case.pk}/")

    assert added.status_code == 201
    assert added.json()["author"] == "kasus.serang"
    assert empty.status_code == 400
    assert _codes(empty) == [("text", "blank")]
    assert detail.json()["description"] == case.description
    assert [(n["text"], n["author"], n["from_reporter"]) for n in detail.json()["notes"]] == [
        ("Korban dihubungi", "kasus.serang", False)
    ]
    assert case.notes.count() == 1


@pytest.mark.django_db
def test_another_office_cannot_move_or_note_a_case_nor_see_its_notes(
    client_with_token, handler, outsider
):
    case = CaseFactory()
    services.case_note_add(actor=handler, case=case, text="Rahasia penyelidikan")
    client = client_with_token(outsider)

    moved = client.post(
        f"/api/v1/cases/{case.pk}/transition/", {"to_state": "verified", "version": 1}, "json"
    )
    noted = client.post(f"/api/v1/cases/{case.pk}/notes/", {"text": "x"}, format="json")
    detail = client.get(f"/api/v1/cases/{case.pk}/")

    assert (moved.status_code, noted.status_code, detail.status_code) == (404, 404, 404)
    assert "Rahasia" not in detail.content.decode()
    case.refresh_from_db()
    assert (case.state, case.version, case.notes.count()) == ("reported", 1, 1)


@pytest.mark.django_db
def test_a_national_analyst_reads_a_case_but_cannot_move_it(client_with_token):
    analyst = UserFactory(username="analis.pusat", role=Role.NATIONAL_ANALYST, office=office("hq"))
    case = CaseFactory()
    client = client_with_token(analyst)

    detail = client.get(f"/api/v1/cases/{case.pk}/")
    moved = client.post(
        f"/api/v1/cases/{case.pk}/transition/", {"to_state": "verified", "version": 1}, "json"
    )

    assert detail.status_code == 200
    assert moved.status_code == 403


@pytest.mark.django_db
def test_an_anonymous_caller_gets_401_from_every_case_endpoint():
    case = CaseFactory()
    client = APIClient()

    answers = [
        client.get("/api/v1/cases/").status_code,
        client.post("/api/v1/cases/", {}, format="json").status_code,
        client.post(f"/api/v1/cases/{case.pk}/transition/", {}, format="json").status_code,
        client.post(f"/api/v1/cases/{case.pk}/notes/", {}, format="json").status_code,
    ]

    assert answers == [401, 401, 401, 401]


@pytest.mark.django_db
def test_the_schema_lists_the_case_endpoints_with_their_refusal_codes(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]

    assert {"get", "post"} <= set(paths["/api/v1/cases/"])
    assert "post" in paths["/api/v1/cases/{id}/transition/"]
    assert "post" in paths["/api/v1/cases/{id}/notes/"]
    codes = json.dumps(paths["/api/v1/cases/{id}/transition/"]["post"]["responses"]["400"])
    components = json.dumps(schema["components"]["schemas"])
    assert "CasesTransitionCreateErrorResponse400" in codes
    assert '"stale"' in components and '"duplicate_not_found"' in components
    assert "notes" in schema["components"]["schemas"]["CaseDetail"]["properties"]
