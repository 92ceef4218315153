"""The airport return post logs arrivals; each is routed to the home office, which confirms."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pmi_portal.access.roles import Role
from pmi_portal.offices.models import Country, Regency
from pmi_portal.people.models import Person, PossibleDuplicate
from returns import selectors, services
from returns.models import Arrival, Handover, Interception
from tests.factories import PersonFactory, PlacementFactory, UserFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def airport(db):
    return UserFactory(
        username="bandara.uji", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )


def flight(**overrides):
    return {
        "flight_number": "QZ7511",
        "arrived_at": timezone.now() - datetime.timedelta(minutes=30),
        "from_country": Country.objects.get(code="MY"),
        "category": "regular",
        **overrides,
    }


def pontianak_worker():
    return PersonFactory(home_regency_id="6171", registered_by_office=office("upt-pontianak"))


def test_a_known_worker_is_matched_by_nik_and_routed_to_the_home_office(airport):
    worker = pontianak_worker()
    PlacementFactory(worker=worker, stage="cancelled")

    arrival = services.arrival_log(
        actor=airport, person_fields={"nik": worker.nik}, arrival_fields=flight()
    )

    assert arrival.person == worker
    assert arrival.office.code == "upt-pontianak" and arrival.post.code == "pos-soetta"
    assert arrival.handover == Handover.AWAITING
    assert arrival.due_at > timezone.now()
    assert not arrival.no_placement_on_record
    assert arrival.history.get().to_state == Handover.AWAITING


def test_the_post_and_the_home_office_see_the_arrival_another_office_does_not(airport):
    arrival = services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_worker().nik}, arrival_fields=flight()
    )
    home = UserFactory(username="ptk", role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    elsewhere = UserFactory(username="mtr", role=Role.COUNTER_OFFICER, office=office("upt-mataram"))

    seen = {
        u.username: Arrival.objects.restrict(u).filter(pk=arrival.pk).exists()
        for u in (airport, home, elsewhere)
    }

    assert seen == {"bandara.uji": True, "ptk": True, "mtr": False}


def test_a_returnee_with_a_passport_only_is_recorded_for_follow_up_and_flagged(airport):
    known = PersonFactory(full_name="Yuli Maulana", birth_date=datetime.date(1990, 3, 1))

    arrival = services.arrival_log(
        actor=airport,
        person_fields={
            "full_name": "Yuli Maulana",
            "birth_date": datetime.date(1990, 3, 1),
            "passport_number": "X1234567",
            "passport_expiry": datetime.date(2030, 1, 1),
        },
        arrival_fields=flight(),
    )

    assert arrival.person.needs_nik and arrival.person != known
    assert arrival.no_placement_on_record
    assert PossibleDuplicate.objects.filter(worker=arrival.person, similar_to=known).exists()
    # Unknown home: the post's own regional office follows up.
    assert arrival.office.code == "upt-serang"


def test_a_nik_given_later_fills_the_record_found_by_passport(airport):
    person = PersonFactory(
        nik=None,
        sex="F",
        birth_date=datetime.date(1995, 7, 5),
        passport_number="X7654321",
        passport_expiry=datetime.date(2030, 1, 1),
    )

    services.arrival_log(
        actor=airport,
        person_fields={"passport_number": "X7654321", "nik": "3673014507950003"},
        arrival_fields=flight(),
    )

    person.refresh_from_db()
    assert person.nik == "3673014507950003"


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"category": "troubled"}, "troubles", "required"),
        ({"category": "regular", "troubles": ["deported"]}, "category", "category_mismatch"),
        ({"category": "troubled", "troubles": ["deceased"]}, "cause_of_death", "required"),
        ({"troubles": ["kidnapped"], "category": "troubled"}, "troubles", "invalid"),
        ({"arrived_at": timezone.now() + datetime.timedelta(days=1)}, "arrived_at", "future"),
    ],
)
def test_a_wrong_arrival_is_refused_at_its_field_and_saves_nothing(airport, overrides, field, code):
    with pytest.raises(ValidationError) as error:
        services.arrival_log(
            actor=airport,
            person_fields={
                "full_name": "Orang Baru",
                "passport_number": "Y1234567",
                "passport_expiry": datetime.date(2030, 1, 1),
            },
            arrival_fields=flight(**overrides),
        )

    assert code in [e.code for e in error.value.error_dict[field]]
    assert not Arrival.objects.exists() and not Person.objects.exists()


def test_a_bad_nik_is_refused_and_saves_nothing(airport):
    with pytest.raises(ValidationError) as error:
        services.arrival_log(
            actor=airport,
            person_fields={"nik": "3673019999950003", "full_name": "Orang Baru"},
            arrival_fields=flight(),
        )

    assert error.value.error_dict["nik"][0].code == "nik_birth_date"
    assert not Person.objects.exists()


def test_the_home_office_confirms_receipt_after_the_transport_and_only_it(airport):
    arrival = services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_worker().nik}, arrival_fields=flight()
    )
    home = UserFactory(username="ptk", role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))

    arrival = services.arrival_transport(
        actor=airport,
        arrival=arrival,
        by="Keluarga",
        to="Kota Pontianak",
        departs_at=None,
        expected_version=arrival.version,
    )
    with pytest.raises(ValidationError) as refused:
        services.arrival_receive(
            actor=airport,
            arrival=arrival,
            received_on=timezone.localdate(),
            note="",
            expected_version=arrival.version,
        )
    arrival = services.arrival_receive(
        actor=home,
        arrival=arrival,
        received_on=timezone.localdate(),
        note="Dijemput keluarga",
        expected_version=arrival.version,
    )

    assert refused.value.error_dict["received_on"][0].code == "not_receiving_office"
    assert arrival.handover == Handover.RECEIVED and arrival.due_at is None
    assert [c.to_state for c in arrival.history.all()] == ["awaiting", "in_transit", "received"]


def test_a_handover_past_its_deadline_is_overdue_for_the_home_office(airport):
    arrival = services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_worker().nik}, arrival_fields=flight()
    )
    Arrival.objects.filter(pk=arrival.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    head = UserFactory(username="kepala.ptk", role=Role.OFFICE_HEAD, office=office("upt-pontianak"))

    assert list(selectors.arrivals_for(head, "overdue")) == [Arrival.objects.get(pk=arrival.pk)]
    assert selectors.overdue_handovers_count(head) == 1


def test_an_interception_is_routed_to_the_home_office(airport):
    worker = pontianak_worker()

    interception = services.interception_record(
        actor=airport,
        person_fields={"nik": worker.nik},
        fields={
            "intercepted_at": timezone.now(),
            "destination": Country.objects.get(code="MY"),
            "account": "Membawa visa kunjungan, dijanjikan kerja di kebun sawit.",
        },
    )

    assert interception.office.code == "upt-pontianak"
    assert Interception.objects.restrict(airport).filter(pk=interception.pk).exists()


def test_the_airport_officer_logs_an_arrival_on_one_screen(airport, client):
    worker = pontianak_worker()
    client.force_login(airport)

    response = client.post(
        "/returns/arrivals/new/",
        {
            "nik": worker.nik,
            "flight_number": "QZ7511",
            "arrived_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "from_country": "MY",
            "category": "troubled",
            "troubles": ["deported", "sick"],
        },
    )

    assert response.status_code == 302
    arrival = Arrival.objects.get()
    assert (arrival.person, arrival.troubles) == (worker, ["deported", "sick"])
    assert Regency.objects.get(code="6171").office.code == arrival.office.code


# The ICAO 9303 specimen's layout with an Indonesian passport; check digits computed.
def _zone(document="B1234567<", birth="950705", sex="F", expiry="300101"):
    from pmi_portal.identity.mrz import check_digit

    line1 = "P<IDNAMINAH<<SITI<<<<<<<<<<<<<<<<<<<<<<<<<<<"
    number = document + check_digit(document)
    birth += check_digit(birth)
    expiry += check_digit(expiry)
    body = number + "IDN" + birth + sex + expiry + "<" * 14 + "<"
    composite = number + birth + expiry + "<" * 15
    return line1 + "\n" + body + check_digit(composite)


def test_an_arrival_logged_from_the_passport_zone_fills_the_person(airport, client):
    client.force_login(airport)

    response = client.post(
        "/returns/arrivals/new/",
        {
            "mrz": _zone(),
            "flight_number": "QZ7511",
            "arrived_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "from_country": "MY",
            "category": "regular",
        },
    )

    assert response.status_code == 302
    person = Arrival.objects.get().person
    assert (person.full_name, person.passport_number, person.sex) == (
        "SITI AMINAH",
        "B1234567",
        "F",
    )
    assert person.birth_date == datetime.date(1995, 7, 5)


def test_a_zone_with_a_wrong_check_digit_is_refused_at_its_field(airport):
    good = _zone()
    broken = good.replace("950705", "950706", 1)

    with pytest.raises(ValidationError) as error:
        services.person_fields_from_mrz(broken)

    assert error.value.error_dict["mrz"][0].code.startswith("mrz_check_digit")


def test_the_person_of_a_typed_nik_is_shown_and_a_lookup_outside_the_area_audited(airport, client):
    from pmi_portal.audit.models import AuditAction, AuditEvent

    worker = pontianak_worker()
    client.force_login(airport)

    known = client.get("/returns/arrivals/match/", {"nik": worker.nik}, HTTP_HX_REQUEST="true")
    unknown = client.get("/returns/arrivals/match/", {"passport_number": "Q9999999"})

    assert worker.full_name in known.content.decode()
    assert (
        "data-testid" in unknown.content.decode()
        and worker.full_name not in unknown.content.decode()
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CROSS_OFFICE_MATCH, object_id=str(worker.pk), actor=airport
    ).exists()


def test_only_the_post_looks_people_up_while_typing(client, personas):
    client.force_login(personas.other)

    assert client.get("/returns/arrivals/match/", {"nik": "3673014507950003"}).status_code == 403


def test_an_interception_opens_a_case_for_the_home_office_from_its_list(airport, client):
    from cases.models import Case

    interception = services.interception_record(
        actor=airport,
        person_fields={"nik": pontianak_worker().nik},
        fields={
            "intercepted_at": timezone.now(),
            "destination": Country.objects.get(code="MY"),
            "account": "Visa kunjungan, dijanjikan kerja oleh sponsor.",
        },
    )
    client.force_login(airport)
    action = f"/cases/from-interception/{interception.pk}/"

    listed = client.get("/returns/interceptions/").content.decode()
    opened = client.post(action)

    assert action in listed
    assert opened.status_code == 302
    case = Case.objects.get(interception=interception)
    assert case.office.code == "upt-pontianak"


def test_another_offices_user_gets_no_arrival_or_interception_through_the_api(
    client_with_token, personas
):
    from tests.returns.factories import ArrivalFactory, InterceptionFactory

    arrival = ArrivalFactory()
    interception = InterceptionFactory()
    pontianak = client_with_token(personas.other)
    serang = client_with_token(personas.own)

    assert pontianak.get(f"/api/v1/arrivals/{arrival.pk}/").status_code == 404
    assert pontianak.get(f"/api/v1/interceptions/{interception.pk}/").status_code == 404
    assert pontianak.get("/api/v1/arrivals/").json()["results"] == []
    assert pontianak.get("/api/v1/interceptions/").json()["results"] == []
    assert serang.get(f"/api/v1/arrivals/{arrival.pk}/").status_code == 200
    receipt = {"received_on": "2026-11-25", "version": arrival.version}
    assert pontianak.post(f"/api/v1/arrivals/{arrival.pk}/receive/", receipt).status_code == 404


def test_logging_an_arrival_reads_the_home_regency_and_the_country_once(
    airport, client, django_assert_max_num_queries
):
    worker = pontianak_worker()
    client.force_login(airport)
    data = {
        "nik": worker.nik,
        "flight_number": "QZ7511",
        "arrived_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "from_country": "MY",
        "category": "regular",
    }

    with django_assert_max_num_queries(25):
        response = client.post("/returns/arrivals/new/", data)

    assert response.status_code == 302
    arrival = Arrival.objects.get()
    assert (arrival.person, arrival.regency_id, arrival.office.code) == (
        worker,
        "6171",
        "upt-pontianak",
    )
