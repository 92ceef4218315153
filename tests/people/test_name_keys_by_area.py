"""An officer's typo search scores only the names of their scope's areas (people_namekey_area,
PostgreSQL): it finds the same people, in the same order, as a search over all names. An
office's people living in a province it covers are filed under `c<office>` (0007), scanned
only for a user whose provinces do not hold it, before and after a working area changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmi_portal.access.roles import Role
from pmi_portal.offices.models import Regency
from pmi_portal.people.models import Person
from pmi_portal.people.selectors import (
    SEARCH_LIMIT,
    _name_areas,
    name_matches,
    search_people,
    search_rows,
)
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


# Each user's scope, in the areas filed for it (0006, 0007), against all names.
@pytest.mark.parametrize(
    ("role", "office_code"),
    [
        (Role.COUNTER_OFFICER, "upt-serang"),
        (Role.AIRPORT_OFFICER, "pos-soetta"),
        (Role.REGIONAL_HEAD, "upt-serang"),
        (Role.COUNTER_OFFICER, "upt-pontianak"),
    ],
)
@pytest.mark.parametrize("typed", ["Siti Aminnah", "Wati Hidayet", "Lestari", "Dewi Lestary"])
def test_the_areas_give_the_same_people_in_the_same_order_as_all_names(role, office_code, typed):
    for name, regency, registered_at in [
        ("Siti Aminah", "3673", "upt-serang"),
        ("Siti Amina", "3601", "upt-pontianak"),
        ("Siti Aminah", "6101", "pos-soetta"),
        ("Siti Aminah", "6101", "upt-pontianak"),
        ("Siti Aminah", "3671", "pos-soetta"),
        ("Wati Hidayat", "3671", "pos-tangerang"),
        ("Wati Hidayati", "6171", "upt-pontianak"),
        ("Wati Hidayat", "6171", "upt-serang"),
        ("Dewi Lestari", "3673", "upt-serang"),
        ("Dewi Lestari Putri", "6101", "pos-soetta"),
        ("Lestari Firmansyah", "6171", "upt-pontianak"),
    ]:
        PersonFactory(
            full_name=name, home_regency_id=regency, registered_by_office=office(registered_at)
        )
    user = UserFactory(role=role, office=office(office_code))
    people = Person.objects.restrict(user).current()

    by_area = name_matches(people, typed, areas=_name_areas(user))

    assert by_area == name_matches(people, typed, areas=None)
    assert by_area == search_people(user, typed)
    assert by_area and set(by_area) <= set(people)


def test_a_national_analyst_searches_all_names(counter):
    analyst = UserFactory(role=Role.NATIONAL_ANALYST, office=office("hq"))
    person = PersonFactory(full_name="Sulastri Wulandari", home_regency_id="6101")

    assert _name_areas(analyst) is None
    assert search_people(analyst, "Sulastri Wulandary") == [person]


def test_a_typo_search_in_areas_is_one_query(counter):
    person = PersonFactory(full_name="Siti Nurhaliza")
    search_rows(counter, "warm the scope")

    with CaptureQueriesContext(connection) as queries:
        found = search_rows(counter, "Siti Nurhalisa")

    assert [row.pk for row in found] == [person.pk]
    assert len(queries) == 1
    assert "people_namekey_area" in queries[0]["sql"]


def _covered(office_code: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT province FROM people_namekey_cover WHERE office_id = %s",
            [office(office_code).pk],
        )
        return {row[0] for row in cursor.fetchall()}


def _same_as_all_names(user, typed: str) -> list[Person]:
    people = Person.objects.restrict(user).current()
    found = search_people(user, typed)
    assert found == name_matches(people, typed, areas=None)
    assert found == name_matches(people, typed, areas=_name_areas(user))
    return found


def _serang_counter():
    return UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-serang"))


def test_a_person_of_a_covered_province_is_filed_under_the_covered_area():
    serang, soetta = office("upt-serang"), office("pos-soetta")
    PersonFactory(full_name="Ratna Sari Dewi", home_regency_id="3673", registered_by_office=serang)
    PersonFactory(
        full_name="Sulastri Wulandari", home_regency_id="6101", registered_by_office=soetta
    )

    assert _covered("upt-serang") == _covered("pos-soetta") == {"36"}
    assert _areas_of_name("ratna sari dewi") == {"p36", f"c{serang.pk}"}
    assert _areas_of_name("sulastri wulandari") == {"p61", f"o{soetta.pk}"}
    assert [p.full_name for p in _same_as_all_names(_serang_counter(), "Ratna Sary Dewi")] == [
        "Ratna Sari Dewi"
    ]


def test_serang_still_finds_its_people_when_banten_leaves_its_working_area():
    banten_person = PersonFactory(
        full_name="Ratna Sari Dewi",
        home_regency_id="3673",
        registered_by_office=office("upt-serang"),
    )
    PersonFactory(
        full_name="Ratna Sari Dewanti",
        home_regency_id="3601",
        registered_by_office=office("upt-pontianak"),
    )

    Regency.objects.filter(province_id="36").update(office=office("upt-pontianak"))

    counter = _serang_counter()
    # No regency left, so no province area: only the offices', the covered one included.
    assert _name_areas(counter) == sorted(
        f"o{office(code).pk}" for code in ("upt-serang", "pos-tangerang", "pos-soetta")
    )
    assert _covered("upt-serang") == {"36"}
    assert _same_as_all_names(counter, "Ratna Sary Dewi") == [banten_person]
    pontianak = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    assert {p.full_name for p in _same_as_all_names(pontianak, "Ratna Sary Dewi")} == {
        "Ratna Sari Dewi",
        "Ratna Sari Dewanti",
    }
    # The working area moved: Pontianak's covered provinces grew, none was taken out.
    assert _covered("upt-pontianak") == {"61", "36"}


def test_a_province_covered_later_leaves_the_people_filed_before_it_found():
    serang = office("upt-serang")
    before = PersonFactory(
        full_name="Yuni Kartika", home_regency_id="6101", registered_by_office=serang
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_namekey_cover (office_id, province) VALUES (%s, '61')", [serang.pk]
        )
    after = PersonFactory(
        full_name="Yuni Kartini", home_regency_id="6102", registered_by_office=serang
    )

    assert _areas_of_name("yuni kartika") == {"p61", f"o{serang.pk}"}
    assert _areas_of_name("yuni kartini") == {"p61", f"c{serang.pk}"}
    # Serang's provinces do not hold 61: its covered area is scanned too.
    assert set(_same_as_all_names(_serang_counter(), "Yuni Kartiko")) == {before, after}


def test_the_limit_cuts_a_shared_name_by_id_wherever_the_rows_lie():
    # Born later the later they are registered: the name's index reads them last first.
    people = [
        PersonFactory(
            full_name="Siti Aminah",
            home_regency_id="3673",
            birth_date=datetime.date(1990, 1, 1) - datetime.timedelta(days=n),
        )
        for n in range(SEARCH_LIMIT + 5)
    ]
    # Saved again, the first ones' rows move behind the others'.
    for person in people[:10]:
        person.save()

    found = _same_as_all_names(_serang_counter(), "Siti Aminnah")

    assert found == sorted(people, key=lambda person: person.pk)[:SEARCH_LIMIT]
