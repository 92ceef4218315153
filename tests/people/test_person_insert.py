"""A new person is written by one INSERT of its own, with what Model.save() wrote: the name's
search key, no NIK for an empty one, the defaults; a taken NIK is still told at the NIK."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmi_portal.people import services
from pmi_portal.people.models import Person, name_key
from tests.factories import PersonFactory, UserFactory
from tests.people.test_identity_rules_on_every_path import NIK, fields

pytestmark = pytest.mark.django_db


def test_a_new_person_is_one_insert_with_what_save_wrote():
    actor = UserFactory()

    with CaptureQueriesContext(connection) as queries:
        person = services.person_create(actor=actor, fields=fields(full_name="Siti  Aminah"))

    inserts = [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "people_person"')]
    assert len(inserts) == 1
    saved = Person.objects.get(pk=person.pk)
    assert saved.name_key == name_key("Siti  Aminah")
    assert (saved.nik, saved.version, saved.registered_by) == (NIK, 1, actor)
    assert saved.created_at is not None and saved.updated_at is not None
    assert not person._state.adding


def test_an_empty_nik_is_written_as_none():
    person = services.person_create(actor=UserFactory(), fields=fields(nik=""))

    assert Person.objects.get(pk=person.pk).nik is None


def test_a_nik_taken_meanwhile_is_still_told_at_the_nik():
    PersonFactory(nik=NIK, full_name="Rukmini")

    with pytest.raises(ValidationError) as error:
        services.person_create(actor=UserFactory(), fields=fields())

    assert [e.code for e in error.value.error_dict["nik"]] == ["nik_taken"]
