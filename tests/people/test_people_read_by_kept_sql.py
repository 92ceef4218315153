"""similar_people and person_by_identity read people by SQL compiled once a process: each
finds what the ORM's own read finds, the same rows loaded the same way."""

import datetime

import pytest

from pmi_portal.people.models import Person
from pmi_portal.people.selectors import person_by_identity, similar_people
from tests.factories import PersonFactory, office

pytestmark = pytest.mark.django_db

BORN = datetime.date(1990, 3, 14)


def _fields(person: Person) -> dict:
    return {f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields}


@pytest.fixture
def people():
    return {
        "same_name": PersonFactory(full_name="Siti  Aminah", birth_date=BORN),
        "same_name_elsewhere": PersonFactory(
            full_name="SITI AMINAH",
            birth_date=BORN,
            home_regency_id="6171",
            registered_by_office=office("upt-pontianak"),
        ),
        "same_passport": PersonFactory(passport_number="C1234567"),
        "other": PersonFactory(full_name="Siti Aminah", birth_date=datetime.date(1990, 3, 15)),
        "merged": PersonFactory(full_name="Siti Aminah", birth_date=BORN),
    }


@pytest.fixture
def merged(people):
    Person.objects.filter(pk=people["merged"].pk).update(merged_into=people["same_name"])
    return people


@pytest.mark.parametrize(
    ("full_name", "birth_date", "passport", "expected"),
    [
        ("siti aminah", BORN, "", {"same_name", "same_name_elsewhere"}),
        ("Siti Aminah", BORN, "c1234567", {"same_name", "same_name_elsewhere", "same_passport"}),
        ("", None, "C1234567", {"same_passport"}),
        ("Siti Aminah", None, "", set()),
        ("Nobody", BORN, "", set()),
    ],
)
def test_similar_people_are_the_current_ones_by_name_and_birth_or_passport(
    merged, counter, full_name, birth_date, passport, expected
):
    found = similar_people(
        full_name=full_name, birth_date=birth_date, passport_number=passport, user=counter
    )

    assert {merged_name(merged, m.person) for m in found} == expected
    for match in found:
        stored = Person.objects.select_related("registered_by_office").get(pk=match.person.pk)
        assert _fields(match.person) == _fields(stored)
        # The office comes loaded with the person, as select_related gave it.
        assert Person.registered_by_office.is_cached(match.person)
        assert match.person.registered_by_office.name == stored.registered_by_office.name
        assert match.person._state.adding is False
    visible = {merged_name(merged, m.person): m.visible for m in found}
    assert visible.get("same_name_elsewhere", False) is False
    assert visible.get("same_name", True) is True


def test_similar_people_leave_out_the_person_asked_about(merged, counter):
    found = similar_people(
        full_name="Siti Aminah",
        birth_date=BORN,
        passport_number="",
        user=counter,
        exclude_pk=merged["same_name"].pk,
    )

    assert {merged_name(merged, m.person) for m in found} == {"same_name_elsewhere"}


def test_similar_people_are_ten_at_most_with_one_left_out(counter):
    many = [PersonFactory(full_name="Dewi Lestari", birth_date=BORN) for _ in range(12)]

    found = similar_people(
        full_name="Dewi Lestari",
        birth_date=BORN,
        passport_number="",
        user=counter,
        exclude_pk=many[0].pk,
    )

    assert len(found) == 10
    assert many[0].pk not in {m.person.pk for m in found}


def test_person_by_identity_finds_the_nik_or_the_passport_and_the_record_kept(merged):
    same_name = merged["same_name"]

    assert _fields(person_by_identity(nik=same_name.nik)) == _fields(
        Person.objects.get(pk=same_name.pk)
    )
    assert person_by_identity(nik=merged["merged"].nik).pk == same_name.pk
    assert person_by_identity(nik="3673015103900999") is None
    assert person_by_identity(nik="3673015103900999", passport_number="c1234567").pk == (
        merged["same_passport"].pk
    )


def merged_name(people: dict, person: Person) -> str:
    return next(name for name, one in people.items() if one.pk == person.pk)
