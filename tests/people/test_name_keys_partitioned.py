"""Each area's names lie in a partition of their own (people_namekey_area, migration people 0008,
PostgreSQL): a search reads its areas' partitions only; a province or office added later gets
its partitions, and its people are found by those whose scope holds them and by nobody else."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from pmi_portal import db
from pmi_portal.access.roles import Role
from pmi_portal.offices.models import Office, Province
from pmi_portal.people.selectors import _area_literals, search_people, search_rows
from pmi_portal.synthetic.loader import indexes_deferred
from tests.factories import PersonFactory, UserFactory, office

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="people_namekey_area is PostgreSQL's only"
    ),
]


def _partitions_of_name(key: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT area, tableoid::regclass::text FROM people_namekey_area WHERE name_key = %s",
            [key],
        )
        return dict(cursor.fetchall())


def _new_post(code: str = "pos-cilegon") -> Office:
    serang = office("upt-serang")
    return Office.objects.create(
        code=code,
        name=f"Pos {code}",
        kind=Office.Kind.SERVICE_POST,
        parent=serang,
        timezone=serang.timezone,
        email=f"{code}@example.org",
        city_id="3672",
    )


def test_a_persons_names_lie_in_their_areas_partitions():
    serang = office("upt-serang")
    PersonFactory(full_name="Ratna Sari Dewi", home_regency_id="3673", registered_by_office=serang)

    assert _partitions_of_name("ratna sari dewi") == {
        "p36": "people_namekey_area_p36",
        f"c{serang.pk}": f"people_namekey_area_c{serang.pk}",
    }


def test_a_search_reads_only_its_areas_partitions(counter):
    PersonFactory(full_name="Siti Nurhaliza", home_regency_id="3673")

    plan = _search_plan(counter, "Siti Nurhalisa")

    assert "people_namekey_area_p36 " in plan
    assert "people_namekey_area_p61" not in plan
    assert "people_namekey_area_other" not in plan


def test_a_person_of_a_post_opened_later_is_found_by_its_area_and_by_nobody_else():
    post = _new_post()
    returnee = PersonFactory(
        full_name="Sulastri Wulandari", home_regency_id="6101", registered_by_office=post
    )

    assert _partitions_of_name("sulastri wulandari") == {
        "p61": "people_namekey_area_p61",
        f"o{post.pk}": f"people_namekey_area_o{post.pk}",
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s",
            [f"people_namekey_area_o{post.pk}"],
        )
        assert any("gin_trgm_ops" in row[0] for row in cursor.fetchall())
    serang_counter = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-serang"))
    assert search_people(serang_counter, "Sulastri Wulandary") == [returnee]
    post_counter = UserFactory(role=Role.COUNTER_OFFICER, office=post)
    assert search_people(post_counter, "Sulastri Wulandary") == [returnee]
    # Pontianak serves Kalimantan Barat: its counter finds her by her home, Jawa Timur's never.
    pontianak = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    assert search_people(pontianak, "Sulastri Wulandary") == [returnee]
    jatim = UserFactory(role=Role.COUNTER_OFFICER, office=office("bp3mi-jatim"))
    assert search_people(jatim, "Sulastri Wulandari") == []


def test_a_province_added_later_gets_its_partition():
    Province.objects.create(code="99", name="Provinsi Baru")

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('people_namekey_area_p99') IS NOT NULL")
        assert cursor.fetchone() == (True,)


def test_names_filed_before_their_area_had_a_partition_move_into_it():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO people_namekey_area (area, name_key) VALUES ('o999999', 'yuni kartika')"
        )
        assert _partitions_of_name("yuni kartika") == {"o999999": "people_namekey_area_other"}
        cursor.execute("SELECT people_namekey_area_partition_add('o999999')")

    assert _partitions_of_name("yuni kartika") == {"o999999": "people_namekey_area_o999999"}


def test_a_bulk_load_builds_the_names_index_again_on_every_partition():
    with transaction.atomic(), indexes_deferred(["people_namekey_area"]):
        pass

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FILTER (WHERE index.indexrelid IS NULL OR NOT index.indisvalid)
            FROM pg_inherits partition
            LEFT JOIN pg_index index ON index.indrelid = partition.inhrelid
                AND index.indexrelid IN (
                    SELECT inhrelid FROM pg_inherits
                    WHERE inhparent = 'people_namekey_area_trgm_idx'::regclass
                )
            WHERE partition.inhparent = 'people_namekey_area'::regclass
            """
        )
        assert cursor.fetchone() == (0,)


def _search_plan(user, typed: str) -> str:
    search_rows(user, "warm the scope")
    with CaptureQueriesContext(connection) as queries:
        search_rows(user, typed)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {queries[0]['sql']}")
        return "\n".join(row[0] for row in cursor.fetchall())


def test_an_area_of_a_few_hundred_names_is_read_from_its_trigram_index(counter):
    # Soekarno-Hatta's returnees living outside Banten (migration people 0009): at the cost of 1
    # pg_trgm gives `%`, the planner scored each of these names instead.
    soetta = office("pos-soetta")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO people_namekey_area (area, name_key)
            SELECT %s, 'returnee ' || n || ' of soetta' FROM generate_series(1, 700) n
            """,
            [f"o{soetta.pk}"],
        )
        cursor.execute(f"ANALYZE people_namekey_area_o{soetta.pk}")

    assert f"people_namekey_area_o{soetta.pk}_name_key_idx" in _search_plan(counter, "Siti Aminnah")


def test_no_partition_keeps_statistics_of_the_names():
    # `%`'s estimator would try the operator on a hundred names of each partition at each plan.
    post = _new_post()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*), count(*) FILTER (WHERE attribute.attstattarget = 0)
            FROM pg_inherits partition
            JOIN pg_attribute attribute ON attribute.attrelid = partition.inhrelid
            WHERE partition.inhparent = 'people_namekey_area'::regclass
                AND attribute.attname = 'name_key'
            """
        )
        partitions, without_statistics = cursor.fetchone()
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f"people_namekey_area_c{post.pk}"])
        assert cursor.fetchone() == (True,)

    assert partitions == without_statistics > 100


def _partition_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [name])
        return cursor.fetchone()[0]


def test_an_office_deleted_takes_its_name_partitions_with_it():
    """Else every office ever made (a database flushed and filled again) left two partitions,
    until a bulk load touching them all ran out of lock slots."""
    post = _new_post("pos-bojonegara")
    mine = [f"people_namekey_area_o{post.pk}", f"people_namekey_area_c{post.pk}"]
    assert all(_partition_exists(name) for name in mine)
    serang = f"people_namekey_area_o{office('upt-serang').pk}"

    post.delete()

    assert not any(_partition_exists(name) for name in mine)
    assert _partition_exists(serang) and _partition_exists("people_namekey_area_p36")


def _office_partitions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM pg_inherits
            JOIN pg_class partition ON partition.oid = pg_inherits.inhrelid
            WHERE pg_inherits.inhparent = 'people_namekey_area'::regclass
                AND partition.relname ~ '^people_namekey_area_[oc][0-9]+$'
            """
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", [1, 2])
def test_a_database_emptied_and_filled_again_keeps_only_its_offices_partitions(round_):
    """Each transactional test empties the tables (TRUNCATE) and loads the offices anew, with
    new ids: only the offices there are have partitions, round after round."""
    assert _office_partitions() == 2 * Office.objects.count()


def test_a_counters_name_search_is_prepared_and_its_plan_kept_answering_as_planned_anew(counter):
    # The areas, the threshold and the limit lie in the statement's text: PostgreSQL keeps one
    # plan of the statement prepared for the counter's scope, reading Banten's partitions only.
    banten = [
        PersonFactory(full_name="Siti Nurhaliza", home_regency_id="3673"),
        PersonFactory(full_name="Siti Nurhalisa Putri", home_regency_id="3601"),
    ]
    PersonFactory(
        full_name="Siti Nurhaliza",
        home_regency_id="6101",  # Kalimantan Barat
        registered_by_office=office("upt-pontianak"),
    )
    with connection.cursor() as cursor:
        # The partitions' sizes as they are: a test that filled one and rolled back leaves its
        # size behind (ANALYZE writes it in place), and a plan fit for 700 names unlike others.
        cursor.execute("ANALYZE people_namekey_area")
        cursor.execute("DEALLOCATE ALL")
    db._prepared.pop(connection.connection, None)

    answers = [search_rows(counter, "Siti Nurhalisa") for _ in range(7)]

    (name,) = (name for name in db._prepared[connection.connection].values() if name)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s",
            [name],
        )
        generic_plans, custom_plans = cursor.fetchone()
    assert generic_plans >= 1
    assert custom_plans <= 5
    assert all(answer == answers[0] for answer in answers)
    assert sorted(row.pk for row in answers[0]) == [person.pk for person in banten]
    assert "people_namekey_area_p61" not in _search_plan(counter, "Siti Nurhalisa")


def test_an_area_not_of_a_letter_and_digits_is_never_written_into_a_search():
    with pytest.raises(ValueError, match="not an area"):
        _area_literals(["p36", "o1') OR ('1"])
