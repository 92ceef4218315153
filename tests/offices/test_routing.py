import pytest

from pmi_portal.offices.selectors import (
    office_responsible_for_nik,
    office_responsible_for_regency,
)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("regency_code", "office_code"),
    [
        ("3601", "upt-serang"),  # Kabupaten Pandeglang, Banten
        ("3671", "upt-serang"),  # Kota Tangerang: the airport post's city, Serang's area
        ("6171", "upt-pontianak"),  # Kota Pontianak
        ("5203", "upt-mataram"),  # Kabupaten Lombok Timur
        ("3212", "bp3mi-jabar"),  # Kabupaten Indramayu
        ("9301", "bp3mi-papua"),  # Papua Selatan, served from Jayapura
    ],
)
def test_each_regency_is_routed_to_its_regional_office(regency_code, office_code):
    assert office_responsible_for_regency(regency_code).code == office_code


@pytest.mark.django_db
def test_a_nik_is_routed_by_the_regency_it_was_issued_in():
    assert office_responsible_for_nik("3603124507950003").code == "upt-serang"
    assert office_responsible_for_nik("6101010101900001").code == "upt-pontianak"


@pytest.mark.django_db
def test_an_invalid_nik_or_unknown_regency_routes_nowhere():
    assert office_responsible_for_nik("3603129907950003") is None
    assert office_responsible_for_regency("9999") is None


@pytest.mark.django_db
def test_routing_lookup_page_answers_by_name_and_by_nik(logged_in_client):
    by_name = logged_in_client.get("/offices/", {"q": "Indramayu"}).content.decode()
    assert "Kabupaten Indramayu" in by_name
    assert "BP3MI Jawa Barat" in by_name

    by_nik = logged_in_client.get(
        "/offices/", {"q": "6101010101900001"}, headers={"HX-Request": "true"}
    )
    assert by_nik.templates[0].name == "offices/_routing_result.html"
    assert "UPT BP2MI Pontianak" in by_nik.content.decode()


@pytest.mark.django_db
def test_routing_lookup_explains_a_wrong_nik_in_indonesian(logged_in_client):
    text = logged_in_client.get("/offices/", {"q": "3603129907950003"}).content.decode()

    assert "bukan tanggal lahir yang nyata" in text
