"""Empowerment programmes for returned workers and their families, on the one person record."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from outreach import services
from outreach.dashboard import section
from outreach.models import Participant, Programme
from pmi_portal.access.roles import Role
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.dashboards.sections import Filters
from pmi_portal.offices.models import Regency
from tests.factories import PersonFactory, UserFactory, office
from tests.outreach.factories import ParticipantFactory, ProgrammeFactory
from tests.returns.factories import ArrivalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(db):
    return UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD)


def _programme_form(**changes) -> dict:
    today = timezone.localdate()
    data = {
        "kind": "business_support",
        "title": "Pelatihan wirausaha PMI purna",
        "partner": "Bank BRI Cabang Serang",
        "regency": "3604",
        "starts_on": today.isoformat(),
        "ends_on": (today + datetime.timedelta(days=5)).isoformat(),
        "description": "Modal usaha dan pembukuan sederhana",
    }
    return {**data, **changes}


def test_an_office_records_a_programme_in_its_area(counter_client):
    response = counter_client.post(reverse("outreach:programme_new"), _programme_form())

    programme = Programme.objects.get()
    assert response["Location"] == reverse("outreach:programme", kwargs={"pk": programme.pk})
    assert (programme.office.code, programme.regency_id) == ("upt-serang", "3604")
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(programme.pk)
    ).exists()


def test_a_programme_that_ends_before_it_starts_or_lies_outside_the_area_is_refused(counter):
    fields = {
        "kind": "training",
        "title": "Pelatihan",
        "regency": Regency.objects.get(code="3673"),
        "starts_on": timezone.localdate(),
        "ends_on": timezone.localdate() - datetime.timedelta(days=1),
    }

    with pytest.raises(ValidationError) as backwards:
        services.programme_record(actor=counter, fields=fields)

    with pytest.raises(ValidationError) as outside:
        services.programme_record(
            actor=counter,
            fields={**fields, "ends_on": None, "regency": Regency.objects.get(code="6101")},
        )

    assert backwards.value.error_dict["ends_on"][0].code == "ends_before_start"
    assert outside.value.error_dict["regency"][0].code == "outside_area"
    assert Programme.objects.count() == 0


def test_a_returned_worker_joins_by_nik_and_her_page_shows_the_programme(counter_client):
    programme = ProgrammeFactory(title="Kursus bahasa Jepang bersama BLK")
    worker = PersonFactory()

    counter_client.post(
        reverse("outreach:participant_add", kwargs={"pk": programme.pk}),
        {"nik": worker.nik, "relation": "returned_worker"},
    )
    page = counter_client.get(reverse("placements:worker", kwargs={"pk": worker.pk}))

    assert Participant.objects.get().person == worker
    assert "Kursus bahasa Jepang bersama BLK" in page.content.decode()


def test_a_nik_outside_the_area_or_unknown_is_refused_alike_and_twice_is_refused(counter):
    programme = ProgrammeFactory()
    in_pontianak = PersonFactory(
        home_regency_id="6101", registered_by_office=office("upt-pontianak")
    )
    worker = PersonFactory()
    services.participant_add(
        actor=counter, programme=programme, nik=worker.nik, relation="returned_worker"
    )

    codes = []
    for nik in (in_pontianak.nik, "3673010101900001", worker.nik):
        with pytest.raises(ValidationError) as refused:
            services.participant_add(actor=counter, programme=programme, nik=nik, relation="family")
        codes.append(refused.value.error_dict["nik"][0].code)

    assert codes == ["not_found", "not_found", "already_taking_part"]
    assert Participant.objects.count() == 1


def test_the_head_sees_how_many_troubled_returnees_the_programmes_reached(head):
    troubled = PersonFactory()
    ArrivalFactory(person=troubled, category="troubled", troubles=["unpaid_wages"])
    regular = PersonFactory()
    ArrivalFactory(person=regular, category="regular")
    programme = ProgrammeFactory()
    ParticipantFactory(programme=programme, person=troubled)
    ParticipantFactory(programme=programme, person=regular, relation="family")
    today = timezone.localdate()
    year = Filters(start=datetime.date(today.year, 1, 1), end=datetime.date(today.year + 1, 1, 1))

    figures = section(head, year).as_json()

    assert figures["programme_participants"] == 2
    assert figures["troubled_returnees_reached"] == 1


def test_programmes_through_the_api(client_with_token, counter):
    client = client_with_token(counter)
    worker = PersonFactory()

    created = client.post(
        "/api/v1/programmes/",
        {**_programme_form(), "ends_on": None, "description": ""},
        format="json",
    )
    joined = client.post(
        f"/api/v1/programmes/{created.json()['id']}/participants/",
        {"nik": worker.nik, "relation": "returned_worker"},
        format="json",
    )
    listed = client.get("/api/v1/programmes/")

    assert created.status_code == 201
    assert joined.status_code == 201
    assert joined.json()["person"] == worker.pk
    assert listed.json()["results"][0]["participants"] == 1
