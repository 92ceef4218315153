import pytest
from django.db import DatabaseError, connection, transaction

from pmi_portal.audit.models import AuditAction, AuditEvent, ImmutableError
from pmi_portal.audit.services import audit_identity_viewed, audit_record
from pmi_portal.offices.models import Office, Regency
from tests.factories import DEFAULT_PASSWORD, UserFactory, office


@pytest.mark.django_db
def test_a_login_is_recorded_with_who_and_from_where(client):
    officer = UserFactory(username="rina.uji")

    client.post(
        "/accounts/login/",
        {"username": "rina.uji", "password": DEFAULT_PASSWORD},
        REMOTE_ADDR="10.20.30.40",
    )

    event = AuditEvent.objects.get(action=AuditAction.LOGIN)
    assert event.actor == officer
    assert event.actor_office == officer.office
    assert event.ip_address == "10.20.30.40"
    assert event.path == "/accounts/login/"
    assert len(event.request_id) >= 8


@pytest.mark.django_db
def test_a_failed_login_is_recorded_without_the_password(client):
    client.post("/accounts/login/", {"username": "tidak.ada", "password": "rahasia-sekali"})

    event = AuditEvent.objects.get(action=AuditAction.LOGIN_FAILED)
    assert event.actor is None
    assert event.object_repr == "tidak.ada"
    assert "rahasia" not in str(event.changes)


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(
        username="admin.uji",
        office=office("hq"),
        role="administrator",
        is_staff=True,
        is_superuser=True,
    )
    client.force_login(admin)
    client.user = admin
    return client


def _office_form(office_code: str, **overrides) -> dict:
    """The admin's change form of an office as it stands, with `overrides`."""
    current = Office.objects.get(code=office_code)
    data = {
        "code": current.code,
        "name": current.name,
        "kind": current.kind,
        "parent": current.parent_id,
        "timezone": current.timezone,
        "email": current.email,
        "phone": "",
        "city": current.city_id,
        "working_area": list(current.regencies.values_list("pk", flat=True)),
    }
    return {**data, **overrides}


@pytest.mark.django_db
def test_an_admin_edit_of_an_office_records_the_fields_from_what_to_what(admin_client):
    mataram = Office.objects.get(code="upt-mataram")

    response = admin_client.post(
        f"/admin/offices/office/{mataram.pk}/change/",
        _office_form("upt-mataram", email="layanan.mataram@bp2mi.go.id"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(mataram.pk))
    assert event.actor == admin_client.user
    assert event.changes == {"email": [mataram.email, "layanan.mataram@bp2mi.go.id"]}


@pytest.mark.django_db
def test_moving_a_regency_between_offices_in_the_admin_is_audited(admin_client):
    jateng = Office.objects.get(code="bp3mi-jateng")
    area = [*jateng.regencies.values_list("pk", flat=True), "3209"]  # Kabupaten Cirebon

    admin_client.post(
        f"/admin/offices/office/{jateng.pk}/change/",
        _office_form("bp3mi-jateng", working_area=area),
    )

    assert Regency.objects.get(code="3209").office == jateng
    moved = AuditEvent.objects.get(object_id="3209")
    assert moved.regency_id == "3209"
    assert moved.changes == {"office": [office("bp3mi-jabar").pk, jateng.pk]}


@pytest.mark.django_db
def test_the_admin_refuses_to_leave_a_regency_without_an_office(admin_client):
    serang = Office.objects.get(code="upt-serang")
    area = list(serang.regencies.exclude(code="3601").values_list("pk", flat=True))

    response = admin_client.post(
        f"/admin/offices/office/{serang.pk}/change/",
        _office_form("upt-serang", working_area=area),
    )

    assert response.status_code == 200
    assert "Kabupaten Pandeglang akan tertinggal tanpa kantor" in response.content.decode()
    assert Regency.objects.get(code="3601").office == serang


@pytest.mark.django_db
def test_an_audit_event_cannot_be_changed_or_deleted():
    event = audit_record(action=AuditAction.EXPORT, actor=None, object_repr="laporan")

    event.object_repr = "dipalsukan"
    with pytest.raises(ImmutableError):
        event.save()
    with pytest.raises(ImmutableError):
        event.delete()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_itself_refuses_to_change_or_delete_audit_events():
    event = audit_record(action=AuditAction.EXPORT, actor=None, object_repr="laporan")

    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="dipalsukan")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).object_repr == "laporan"


@pytest.mark.django_db
def test_viewing_whole_identity_data_is_recorded_against_the_record_region():
    officer = UserFactory()
    record = office("upt-serang")

    event = audit_identity_viewed(actor=officer, obj=record, regency_id="3604")

    assert event.action == AuditAction.VIEW_IDENTITY
    assert event.regency_id == "3604"
    assert event.object_id == str(record.pk)


@pytest.mark.django_db
def test_asking_for_an_existing_record_outside_ones_scope_is_audited_a_missing_one_is_not(
    client, client_with_token, personas
):
    from tests.cases.factories import CaseFactory

    case = CaseFactory()  # in Serang's area
    client.force_login(personas.other)

    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get(f"/cases/{case.pk + 1000}/").status_code == 404
    api = client_with_token(personas.other)
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{case.pk + 1000}/").status_code == 404

    rows = AuditEvent.objects.filter(action=AuditAction.OUT_OF_SCOPE)
    assert rows.count() == 2
    assert {(r.actor_id, r.object_id, r.regency_id) for r in rows} == {
        (personas.other.pk, str(case.pk), "3673")
    }
    # The row names the record by kind and id: nothing of its content.
    assert all(case.description not in r.object_repr for r in rows)
