"""`person_validate` skips Django's check of Person's constraints (each concerns a field judged
by its own rule): a new constraint must be judged there too, or a save refused by it would be
told to the officer as a taken NIK."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from pmi_portal.offices.models import Regency
from pmi_portal.people import services
from pmi_portal.people.models import Person


def test_person_has_only_the_constraints_its_own_rules_judge():
    assert {constraint.name for constraint in Person._meta.constraints} == {
        "person_nik_16_digits",  # rules.nik_errors
        "person_not_merged_into_itself",  # merges set merged_into, never a form
    }


@pytest.mark.django_db
def test_a_nik_of_fifteen_digits_is_refused_at_its_field():
    person = Person(
        nik="360312450795000",
        full_name="Siti Aminah",
        sex="F",
        birth_date=datetime.date(1995, 7, 5),
        home_regency=Regency.objects.get(code="3603"),
    )

    with pytest.raises(ValidationError) as error:
        services.person_validate(person)

    assert list(error.value.error_dict) == ["nik"]
