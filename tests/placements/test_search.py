import pytest
from django.db import connection

from pmi_portal.access.roles import Role
from pmi_portal.people.selectors import search_people
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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram matching is PostgreSQL's")
def test_on_postgresql_a_name_with_a_typo_is_still_found(counter, siti):
    assert siti in search_people(counter, "Siti Nurhalisa")
    assert siti in search_people(counter, "siti nurhaliza")


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
