"""An officer's typo search scores only the names of their scope's areas (people_namekey_area,
PostgreSQL): it finds the same people, in the same order, as a search over all names."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmi_portal.access.roles import Role
from pmi_portal.people.models import Person
from pmi_portal.people.selectors import _name_areas, name_matches, search_people
from tests.factories import PersonFactory, UserFactory, office

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="people_namekey_area is PostgreSQL's only"
    ),
]


def _areas_of_name(key: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT area FROM people_namekey_area WHERE name_key = %s", [key])
        return {row[0] for row in cursor.fetchall()}


def test_a_returnee_registered_at_the_airport_post_is_found_by_serang_with_a_typo(counter):
    # Home in Kalimantan Barat, outside Serang's area: in its scope by the registering office.
    returnee = PersonFactory(
        full_name="Sulastri Wulandari",
        home_regency_id="6101",
        registered_by_office=office("pos-soetta"),
    )

    assert search_people(counter, "Sulastri Wulandary") == [returnee]
    assert _areas_of_name("sulastri wulandari") == {"p61", f"o{office('pos-soetta').pk}"}


def test_a_worker_who_moved_home_is_found_by_the_new_areas_officer(counter):
    pontianak = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    person = PersonFactory(full_name="Rina Marlina Kusumawati")
    assert search_people(pontianak, "Rina Marlina Kusumawaty") == []

    person.home_regency_id = "6171"
    person.save()

    assert search_people(pontianak, "Rina Marlina Kusumawaty") == [person]


def test_people_loaded_in_a_replica_session_are_in_their_areas(counter):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        Person.objects.bulk_create(
            [PersonFactory.build(full_name="Yuli Kusumawardani", name_key="yuli kusumawardani")]
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")

    assert _areas_of_name("yuli kusumawardani") == {"p36", f"c{office('upt-serang').pk}"}
    assert [p.full_name for p in search_people(counter, "Yuli Kusumawardhani")] == [
        "Yuli Kusumawardani"
    ]


@pytest.mark.parametrize("typed", ["Siti Aminnah", "Wati Hidayet", "Lestari", "Dewi Lestary"])
def test_the_areas_give_the_same_people_in_the_same_order_as_all_names(counter, typed):
    for name, regency, office_code in [
        ("Siti Aminah", "3673", "upt-serang"),
        ("Siti Amina", "3601", "upt-pontianak"),
        ("Siti Aminah", "6101", "pos-soetta"),
        ("Siti Aminah", "6101", "upt-pontianak"),
        ("Wati Hidayat", "3671", "pos-tangerang"),
        ("Wati Hidayati", "6171", "upt-pontianak"),
        ("Dewi Lestari", "3673", "upt-serang"),
        ("Dewi Lestari Putri", "6101", "pos-soetta"),
        ("Lestari Firmansyah", "6171", "upt-pontianak"),
    ]:
        PersonFactory(
            full_name=name, home_regency_id=regency, registered_by_office=office(office_code)
        )
    people = Person.objects.restrict(counter).current()

    by_area = name_matches(people, typed, areas=_name_areas(counter))

    assert by_area == name_matches(people, typed, areas=None)
    assert by_area == search_people(counter, typed)


def test_a_national_analyst_searches_all_names(counter):
    analyst = UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))
    person = PersonFactory(full_name="Sulastri Wulandari", home_regency_id="6101")

    assert _name_areas(analyst) is None
    assert search_people(analyst, "Sulastri Wulandary") == [person]


def test_a_typo_search_in_areas_is_one_query(counter):
    person = PersonFactory(full_name="Siti Nurhaliza")
    search_people(counter, "warm the scope")

    with CaptureQueriesContext(connection) as queries:
        found = search_people(counter, "Siti Nurhalisa")

    assert found == [person]
    assert len(queries) == 1
    assert "people_namekey_area" in queries[0]["sql"]
