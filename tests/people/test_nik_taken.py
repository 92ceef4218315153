"""A NIK already registered is refused, told the same way whether or not someone similar is
found: the NIK is asked for only beside a similar person, else its unique index refuses the
insert. Nothing of the refused registration stays; a holder outside the actor's area is named
by its office only and the match is audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people import services
from pmi_portal.people.models import Person, PossibleDuplicate
from tests.factories import PersonFactory, UserFactory, office

pytestmark = pytest.mark.django_db


def _refusal(holder: Person, **overrides) -> ValidationError:
    fields = {
        "nik": holder.nik,
        "full_name": "Nama Lain Sekali",
        "sex": holder.sex,
        "birth_date": holder.birth_date,
        **overrides,
    }
    with pytest.raises(ValidationError) as error:
        services.person_create(actor=UserFactory(), fields=fields)
    return error.value


def _pontianak_holder(**fields) -> Person:
    return PersonFactory(
        home_regency_id="6171", registered_by_office=office("upt-pontianak"), **fields
    )


def test_a_taken_nik_with_nobody_similar_is_refused_by_the_index_and_the_match_audited():
    holder = _pontianak_holder(full_name="Dewi Pontianak")
    people_before = Person.objects.count()

    error = _refusal(holder)

    assert [e.code for e in error.error_dict["nik"]] == ["nik_taken"]
    assert "UPT BP2MI Pontianak" in error.error_dict["nik"][0].message
    assert "Dewi" not in error.error_dict["nik"][0].message
    assert Person.objects.count() == people_before
    assert AuditEvent.objects.filter(
        action=AuditAction.CROSS_OFFICE_MATCH, object_id=str(holder.pk)
    ).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_a_taken_nik_whose_holder_is_also_similar_is_told_as_taken_not_as_a_duplicate():
    holder = _pontianak_holder(full_name="Dewi Pontianak", birth_date=datetime.date(1990, 1, 1))
    people_before = Person.objects.count()

    error = _refusal(holder, full_name="Dewi Pontianak")

    assert [e.code for e in error.error_dict["nik"]] == ["nik_taken"]
    assert Person.objects.count() == people_before
    assert not PossibleDuplicate.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()
