import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmi_portal.access.roles import Role
from pmi_portal.people.models import Person
from pmi_portal.people.selectors import search_people, search_rows
from pmi_portal.people.trigrams import similarity
from tests.factories import PersonFactory, UserFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def siti(db):
    return PersonFactory(
        full_name="Siti Nurhaliza", passport_number="C1234567", passport_expiry="2030-01-01"
    )


def test_the_counter_finds_a_worker_by_exact_nik(counter, siti):
    assert search_people(counter, siti.nik) == [siti]
    assert search_people(counter, f"{siti.nik[:4]} {siti.nik[4:8]} {siti.nik[8:]}") == [siti]


def test_the_counter_finds_a_worker_by_passport_number(counter, siti):
    assert search_people(counter, "c1234567") == [siti]


def test_the_counter_finds_a_worker_by_part_of_the_name(counter, siti):
    PersonFactory(full_name="Dewi Lestari")

    assert search_people(counter, "nurhaliza") == [siti]


def test_a_name_with_a_typo_is_still_found(counter, siti):
    assert siti in search_people(counter, "Siti Nurhalisa")
    assert siti in search_people(counter, "siti nurhaliza")


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Wati Hidayat", "Wati Hidayet"),
        ("Lestari Firmansyah", "Lestary Firmansah"),
        ("Yuli Maulana", "Yuli Maulanna"),
    ],
)
def test_the_officers_misspelt_names_find_the_worker(counter, name, typed):
    worker = PersonFactory(full_name=name)
    PersonFactory(full_name="Dewi Lestari")

    assert search_people(counter, typed)[0] == worker


def test_a_corrected_name_is_found_with_a_typo_and_the_old_one_no_more(counter, siti):
    Person.objects.filter(pk=siti.pk).update(full_name="Siti Rahmawati", name_key="siti rahmawati")

    assert search_people(counter, "Siti Rahmawatti") == [siti]
    assert search_people(counter, "Nurhalisa") == []


def test_people_loaded_in_bulk_are_found_with_a_typo(counter):
    Person.objects.bulk_create(
        [
            PersonFactory.build(full_name="Yuli Kusumawardani", name_key="yuli kusumawardani"),
            PersonFactory.build(full_name="Rina Kusumawardani", name_key="rina kusumawardani"),
        ]
    )

    found = search_people(counter, "Yuli Kusumawardhani")

    assert [person.full_name for person in found][:1] == ["Yuli Kusumawardani"]


def test_a_name_is_searched_with_one_read_of_the_register_no_passport_lookup(counter, siti):
    with CaptureQueriesContext(connection) as queries:
        found = search_rows(counter, "Siti Nurhalisa")

    assert [row.pk for row in found] == [siti.pk]
    assert [q["sql"] for q in queries if 'passport_number" =' in q["sql"]] == []
    assert len([q for q in queries if "people_person" in q["sql"]]) == 1


def test_names_are_ranked_best_first_and_unlike_ones_left_out(counter):
    close = PersonFactory(full_name="Wati Hidayat")
    closer = PersonFactory(full_name="Wati Hidayati")
    PersonFactory(full_name="Wawan Setiawan")

    assert search_people(counter, "Wati Hidayati") == [closer, close]


def test_name_search_answers_at_most_twenty(counter):
    PersonFactory.create_batch(22, full_name="Siti Aminah")

    assert len(search_people(counter, "Siti Aminah")) == 20


def test_the_similarity_is_pg_trgms(counter):
    # pg_trgm's documentation: similarity('word', 'two words') = 0.363636
    assert round(similarity("word", "two words"), 6) == 0.363636
    assert similarity("Siti", "siti") == 1.0
    assert similarity("", "siti") == 0.0


def test_a_one_letter_search_says_why_it_finds_nothing(counter_client, siti):
    response = counter_client.get("/registry/", {"q": "S"})

    assert response.context["too_short"] is True
    assert 'data-testid="search-too-short"' in response.content.decode()


def test_search_finds_nobody_outside_the_officers_area(siti):
    pontianak = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))

    assert search_people(pontianak, siti.nik) == []
    assert search_people(pontianak, "Nurhaliza") == []


def test_search_results_mask_identity_numbers(counter_client, siti):
    text = counter_client.get("/registry/", {"q": "Nurhaliza"}).content.decode()

    assert "Siti Nurhaliza" in text
    assert siti.nik not in text
    assert f"{siti.nik[:4]}********{siti.nik[-4:]}" in text
    assert "C1234567" not in text


def test_search_as_you_type_answers_only_the_results(counter_client, siti):
    response = counter_client.get("/registry/", {"q": "Nurh"}, headers={"HX-Request": "true"})

    assert response.templates[0].name == "placements/_search_results.html"
    assert "Siti Nurhaliza" in response.content.decode()


def test_a_search_kept_for_one_office_finds_nobody_for_another(client, counter, siti):
    pontianak = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    for typed in ("Siti Nurhalisa", siti.nik, "C1234567"):
        assert [row.pk for row in search_rows(counter, typed)] == [siti.pk]

        assert search_rows(pontianak, typed) == []
    client.force_login(pontianak)
    response = client.get("/registry/", {"q": "Siti Nurhalisa"}, headers={"HX-Request": "true"})
    assert "Siti Nurhaliza" not in response.content.decode()
    assert response.context["results"] == []


def test_a_search_reads_the_register_anew_each_time(counter, siti):
    assert [row.full_name for row in search_rows(counter, "Siti Nurhalisa")] == ["Siti Nurhaliza"]
    Person.objects.filter(pk=siti.pk).update(full_name="Siti Nurhalisa")

    assert [row.full_name for row in search_rows(counter, "Siti Nurhalisa")] == ["Siti Nurhalisa"]


def test_the_htmx_search_answers_with_one_query_once_its_sql_is_kept(counter_client, siti):
    counter_client.get("/registry/", {"q": "Siti Nurhalisa"}, headers={"HX-Request": "true"})
    with CaptureQueriesContext(connection) as queries:
        response = counter_client.get(
            "/registry/", {"q": "Siti Nurhalisa"}, headers={"HX-Request": "true"}
        )

    assert "Siti Nurhaliza" in response.content.decode()
    assert len([q for q in queries if "people_person" in q["sql"]]) == 1
