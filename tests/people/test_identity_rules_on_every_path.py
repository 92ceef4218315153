"""The identity rules hold when `people.services` is called directly, as an import or a task
would: every kind of bad NIK, passport and phone is refused at its field, with its code."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.offices.models import Regency
from pmi_portal.people import services
from pmi_portal.people.models import Person, PossibleDuplicate
from tests.factories import PersonFactory, UserFactory, office

pytestmark = pytest.mark.django_db

NIK = "3603124507950003"  # a woman born 5 July 1995 in Kabupaten Tangerang


def fields(**overrides):
    return {
        "nik": NIK,
        "full_name": "Siti Aminah",
        "sex": "F",
        "birth_date": datetime.date(1995, 7, 5),
        "home_regency": Regency.objects.get(code="3603"),
        **overrides,
    }


def refusal(**overrides) -> dict[str, list[str]]:
    actor = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=actor, fields=fields(**overrides))
    return {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()}


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("360312450795000", "nik_length"),
        ("36031245079500031", "nik_length"),
        ("3603129907950003", "nik_birth_date"),
        ("3603124507950000", "nik_serial"),
        ("9903124507950003", "nik_province"),
        ("3699124507950003", "nik_regency"),
    ],
)
def test_each_kind_of_impossible_nik_is_refused_by_the_service(nik, code):
    assert refusal(nik=nik)["nik"] == [code]
    assert not Person.objects.exists()


def test_a_nik_that_disagrees_with_sex_and_birth_date_is_refused_at_those_fields():
    errors = refusal(sex="M", birth_date=datetime.date(1995, 7, 6))

    assert errors == {"sex": ["nik_sex_mismatch"], "birth_date": ["nik_birth_date_mismatch"]}


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"phone": "31/12/2000"}, "phone", "phone_invalid"),
        ({"next_of_kin_phone": "12345"}, "next_of_kin_phone", "phone_invalid"),
        (
            {"passport_number": "C-12", "passport_expiry": datetime.date(2035, 1, 1)},
            "passport_number",
            "passport_invalid",
        ),
    ],
)
def test_passport_and_phone_rules_hold_on_the_service(overrides, field, code):
    assert code in refusal(**overrides)[field]


def test_phones_and_passport_numbers_are_stored_normalised():
    person = services.person_create(
        actor=UserFactory(),
        fields=fields(
            phone="0812 3456 7890",
            passport_number="c 1234567",
            passport_expiry=datetime.date(2035, 1, 1),
        ),
    )

    assert (person.phone, person.passport_number) == ("+6281234567890", "C1234567")


def test_a_person_without_a_nik_is_recorded_and_marked_for_follow_up():
    person = services.person_create(
        actor=UserFactory(role="airport_officer", office=office("pos-soetta")),
        fields={
            "full_name": "Rina Wulandari",
            "passport_number": "X1234567",
            "passport_expiry": datetime.date(2030, 1, 1),
        },
    )

    assert person.nik is None and person.needs_nik


def test_a_recorded_nik_is_never_changed_but_a_missing_one_may_be_added():
    actor = UserFactory()
    person = services.person_create(actor=actor, fields={"full_name": "Rina Wulandari"})

    person = services.person_update(
        actor=actor, person=person, fields={"nik": NIK}, expected_version=person.version
    )
    with pytest.raises(ValidationError) as error:
        services.person_update(
            actor=actor,
            person=person,
            fields={"nik": "3603124507950004"},
            expected_version=person.version,
        )

    assert person.nik == NIK
    assert error.value.error_dict["nik"][0].code == "nik_fixed"


def test_a_taken_nik_names_its_holder_only_inside_the_holders_scope():
    holder = PersonFactory(
        full_name="Dewi Pontianak",
        home_regency_id="6171",
        registered_by_office=office("upt-pontianak"),
    )
    serang = UserFactory()
    pontianak = UserFactory(username="loket.ptk", office=office("upt-pontianak"))

    for actor in (serang, pontianak):
        with pytest.raises(ValidationError) as error:
            services.person_create(
                actor=actor,
                fields=fields(nik=holder.nik, sex=holder.sex, birth_date=holder.birth_date),
            )
        message = error.value.error_dict["nik"][0]
        assert message.code == "nik_taken"
        assert ("Dewi Pontianak" in message.message) is (actor is pontianak)

    matches = AuditEvent.objects.filter(action=AuditAction.CROSS_OFFICE_MATCH)
    assert [(e.actor, e.object_id) for e in matches] == [(serang, str(holder.pk))]


def test_a_similar_person_outside_the_scope_is_flagged_not_shown():
    other = PersonFactory(
        full_name="Siti Aminah",
        birth_date=datetime.date(1995, 7, 5),
        home_regency_id="6171",
        nik="6171014507950001",
        registered_by_office=office("upt-pontianak"),
    )
    actor = UserFactory()

    person = services.person_create(actor=actor, fields=fields())

    flag = PossibleDuplicate.objects.get(worker=person)
    assert flag.similar_to == other
    assert AuditEvent.objects.filter(
        action=AuditAction.CROSS_OFFICE_MATCH, object_id=str(other.pk)
    ).exists()


def test_a_similar_person_in_scope_stops_the_registration_until_checked():
    other = PersonFactory(full_name="SITI AMINAH", birth_date=datetime.date(1995, 7, 5))
    actor = UserFactory()

    with pytest.raises(ValidationError) as error:
        services.person_create(actor=actor, fields=fields())
    person = services.person_create(actor=actor, fields=fields(), different_from=[other.pk])

    assert error.value.code == "possible_duplicate"
    assert [m.person for m in error.value.params["similar"]] == [other]
    assert person.pk


def test_a_nik_of_papua_before_2022_is_accepted_and_stored_under_todays_regency():
    # 9101 was Kabupaten Merauke before the split; today it is 9301, Papua Selatan.
    person = services.person_create(
        actor=UserFactory(),
        fields={
            "nik": "9101014507950003",
            "full_name": "Maria Gebze",
            "sex": "F",
            "birth_date": datetime.date(1995, 7, 5),
        },
    )

    assert person.home_regency_id == "9301"


@pytest.mark.parametrize("name", ["12345", "1234 567", "--"])
def test_a_name_without_letters_is_refused_by_the_service(name):
    assert refusal(full_name=name)["full_name"] == ["name_without_letters"]
    assert not Person.objects.exists()


def test_a_name_in_any_script_with_letters_is_a_name():
    person = services.person_create(actor=UserFactory(), fields=fields(full_name="Siti Aminah 2"))

    assert person.full_name == "Siti Aminah 2"


def test_a_nik_taken_between_the_check_and_the_insert_is_refused_and_the_match_audited(
    monkeypatch,
):
    holder = PersonFactory(
        full_name="Dewi Pontianak",
        home_regency_id="6171",
        registered_by_office=office("upt-pontianak"),
    )
    # Another registration inserts the NIK after this one checked it.
    monkeypatch.setattr(services, "_matches_checked", lambda **kwargs: [])

    with pytest.raises(ValidationError) as error:
        services.person_create(
            actor=UserFactory(),
            fields=fields(nik=holder.nik, sex=holder.sex, birth_date=holder.birth_date),
        )

    assert error.value.error_dict["nik"][0].code == "nik_taken"
    assert Person.objects.filter(nik=holder.nik).count() == 1
    assert AuditEvent.objects.filter(
        action=AuditAction.CROSS_OFFICE_MATCH, object_id=str(holder.pk)
    ).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()
