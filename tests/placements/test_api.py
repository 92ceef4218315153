import pytest

from placements.models import Placement
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people.models import Person
from tests.api.helpers import assert_error
from tests.factories import AgencyFactory, PersonFactory, PlacementFactory

pytestmark = pytest.mark.django_db

NIK = "3603124507950003"


def worker_payload(**overrides):
    data = {
        "nik": NIK,
        "full_name": "Siti Aminah",
        "sex": "F",
        "birth_place": "Tangerang",
        "birth_date": "1995-07-05",
        "home_regency": "3603",
        "address": "Kampung Pasir Angin RT 02/05",
        "phone": "081234567890",
        "education": "smp",
        "skills": "",
        "next_of_kin_name": "Sarinah",
        "next_of_kin_relation": "ibu",
        "next_of_kin_phone": "081298765432",
        "passport_number": "",
        "passport_expiry": None,
    }
    return {**data, **overrides}


def placement_payload(**overrides):
    data = {
        "scheme": "p2p",
        "agency": AgencyFactory().pk,
        "destination": "TW",
        "employer_name": "Keluarga Chen",
        "sector": "informal",
        "job_title": "pengasuh lansia",
        "contract_months": 36,
        "salary_amount": "20000.00",
        "salary_currency": "TWD",
    }
    return {**data, **overrides}


def test_a_system_registers_a_worker_with_her_placement(client_with_token, counter):
    api = client_with_token(counter)

    response = api.post(
        "/api/v1/workers/", worker_payload(placement=placement_payload()), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nik"] == NIK
    assert body["phone"] == "+6281234567890"
    assert body["registered_by_office"] == "upt-serang"
    assert Placement.objects.get(worker_id=body["id"]).stage == "registered"


def test_a_nik_error_comes_back_as_a_field_error_on_nik(client_with_token, counter):
    response = client_with_token(counter).post(
        "/api/v1/workers/", worker_payload(nik="3603123207950003"), format="json"
    )

    assert_error(response, 400, "nik_birth_date", attr="nik")
    assert not Person.objects.exists()


def test_a_bad_nik_is_named_at_once_beside_the_missing_fields(client_with_token, counter):
    response = client_with_token(counter).post(
        "/api/v1/workers/", {"nik": "367301570890000"}, format="json"
    )

    assert_error(response, 400, "nik_length", attr="nik")
    assert_error(response, 400, "required", attr="full_name")
    assert not Person.objects.exists()


def test_a_sex_that_disagrees_with_the_nik_is_a_field_error_on_sex(client_with_token, counter):
    response = client_with_token(counter).post(
        "/api/v1/workers/", worker_payload(sex="M"), format="json"
    )

    assert_error(response, 400, "nik_sex_mismatch", attr="sex")


def test_an_invalid_placement_saves_no_worker(client_with_token, counter):
    response = client_with_token(counter).post(
        "/api/v1/workers/",
        worker_payload(placement=placement_payload(agency=None)),
        format="json",
    )

    assert response.status_code == 400
    assert not Person.objects.exists()


def test_a_possible_duplicate_names_the_similar_workers_and_can_be_confirmed(
    client_with_token, counter
):
    other = PersonFactory(full_name="Siti Aminah", birth_date="1995-07-05", nik="3201014507950001",
                          home_regency_id="3201")  # fmt: skip
    api = client_with_token(counter)

    first = api.post("/api/v1/workers/", worker_payload(), format="json")
    detail = assert_error(first, 400, "possible_duplicate", attr="different_from")
    assert str(other.pk) in detail

    second = api.post("/api/v1/workers/", worker_payload(different_from=[other.pk]), format="json")
    assert second.status_code == 201


def test_the_list_masks_identity_and_the_detail_shows_it_audited(client_with_token, counter):
    worker = PersonFactory(passport_number="C1234567", passport_expiry="2030-01-01")
    api = client_with_token(counter)

    listed = api.get("/api/v1/workers/").json()["results"][0]
    detail = api.get(f"/api/v1/workers/{worker.pk}/").json()

    assert listed["nik"] == f"{worker.nik[:4]}********{worker.nik[-4:]}"
    assert listed["passport_number"] == "C*****67"
    assert detail["nik"] == worker.nik
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW_IDENTITY, object_id=str(worker.pk)
    ).exists()


def test_workers_are_searched_with_q(client_with_token, counter):
    siti = PersonFactory(full_name="Siti Nurhaliza")
    PersonFactory(full_name="Dewi Lestari")

    results = client_with_token(counter).get("/api/v1/workers/", {"q": siti.nik}).json()

    assert [row["id"] for row in results["results"]] == [siti.pk]


def test_a_worker_of_another_office_is_404_and_absent_from_lists(client_with_token, personas):
    worker = PersonFactory()
    pontianak = client_with_token(personas.other)

    assert_error(pontianak.get(f"/api/v1/workers/{worker.pk}/"), 404, "not_found")
    assert pontianak.get("/api/v1/workers/").json()["results"] == []
    national = client_with_token(personas.national).get(f"/api/v1/workers/{worker.pk}/")
    assert national.status_code == 200


def test_an_update_must_send_the_version_read_and_a_stale_one_is_refused(
    client_with_token, counter
):
    worker = PersonFactory()
    api = client_with_token(counter)

    missing = api.patch(f"/api/v1/workers/{worker.pk}/", {"address": "Baru"}, format="json")
    assert_error(missing, 400, "version_required", attr="version")
    ok = api.patch(
        f"/api/v1/workers/{worker.pk}/", {"address": "Baru", "version": 1}, format="json"
    )
    assert ok.json()["version"] == 2
    stale = api.patch(
        f"/api/v1/workers/{worker.pk}/", {"address": "Lain", "version": 1}, format="json"
    )
    assert_error(stale, 400, "stale", attr="non_field_errors")
    assert Person.objects.get(pk=worker.pk).address == "Baru"


def test_the_nik_cannot_be_changed(client_with_token, counter):
    worker = PersonFactory()

    response = client_with_token(counter).patch(
        f"/api/v1/workers/{worker.pk}/", {"nik": NIK, "version": 1}, format="json"
    )

    assert response.status_code == 400
    assert Person.objects.get(pk=worker.pk).nik == worker.nik


def test_a_placement_moves_by_the_transition_endpoint_with_the_same_rules(
    client_with_token, counter
):
    placement = PlacementFactory()
    api = client_with_token(counter)

    refused = api.post(
        f"/api/v1/placements/{placement.pk}/transition/",
        {"to_stage": "medical_check", "version": 1},
        format="json",
    )
    assert refused.status_code == 400
    cancelled = api.post(
        f"/api/v1/placements/{placement.pk}/transition/",
        {"to_stage": "cancelled", "reason": "Mengundurkan diri", "version": 1},
        format="json",
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["stage"] == "cancelled"


def test_a_placement_of_another_office_cannot_be_moved(client_with_token, personas):
    placement = PlacementFactory()

    response = client_with_token(personas.other).post(
        f"/api/v1/placements/{placement.pk}/transition/",
        {"to_stage": "cancelled", "reason": "x", "version": 1},
        format="json",
    )

    assert_error(response, 404, "not_found")


def test_a_placement_is_opened_for_a_worker_in_scope_only(client_with_token, counter, personas):
    worker = PersonFactory()

    denied = client_with_token(personas.other).post(
        "/api/v1/placements/", {"worker": worker.pk, **placement_payload()}, format="json"
    )
    created = client_with_token(counter).post(
        "/api/v1/placements/", {"worker": worker.pk, **placement_payload()}, format="json"
    )

    # Another office's worker answers exactly like a worker that does not exist.
    unknown = client_with_token(personas.other).post(
        "/api/v1/placements/", {"worker": 999999, **placement_payload()}, format="json"
    )
    assert_error(denied, 400, "does_not_exist", attr="worker")
    assert_error(unknown, 400, "does_not_exist", attr="worker")
    assert created.status_code == 201, created.content
    assert created.json()["missing_documents"] == ["ktp"]


def test_placements_of_another_office_are_absent_from_lists_and_404(client_with_token, personas):
    placement = PlacementFactory()
    pontianak = client_with_token(personas.other)

    assert pontianak.get("/api/v1/placements/").json()["results"] == []
    assert_error(pontianak.get(f"/api/v1/placements/{placement.pk}/"), 404, "not_found")
    own = client_with_token(personas.own).get("/api/v1/placements/").json()["results"]
    assert [row["id"] for row in own] == [placement.pk]
