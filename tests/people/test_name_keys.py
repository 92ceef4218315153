"""The name search's distinct names (people_namekey, PostgreSQL) are kept on every path that
writes a person, a superuser's bulk load in a replica session included."""

import pytest
from django.db import connection

from pmi_portal.people.selectors import search_people
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="people_namekey is PostgreSQL's only"
    ),
]


def _name_keys() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name_key FROM people_namekey")
        return {row[0] for row in cursor.fetchall()}


def test_a_person_loaded_in_a_replica_session_is_found_by_a_misspelt_name(counter):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        person = PersonFactory(full_name="Sulastri Wulandari Pratiwi")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")

    assert "sulastri wulandari pratiwi" in _name_keys()
    assert search_people(counter, "Sulastri Wulandary Pratiwi") == [person]


def test_a_renamed_person_is_found_by_the_new_name(counter):
    person = PersonFactory(full_name="Rina Marlina")
    person.full_name = "Rina Marlina Kusumawati"
    person.save()

    assert search_people(counter, "Rina Marlina Kusumawaty") == [person]
