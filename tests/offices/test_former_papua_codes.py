"""NIKs issued before the 2022 split of Papua carry regency codes that are no longer in use."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pmi_portal.offices.models import FormerRegencyCode, Office, Province, Regency
from pmi_portal.offices.reference import ReferenceDataError, read_reference_data
from pmi_portal.offices.selectors import (
    current_regency_code,
    office_responsible_for_nik,
    office_responsible_for_regency,
)

# A man born 1 January 1990, registered in Kabupaten Merauke under its code before the split.
MERAUKE_NIK_BEFORE_2022 = "9101010101900001"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("former_code", "current_code", "name"),
    [
        ("9101", "9301", "Kabupaten Merauke"),  # now Papua Selatan
        ("9109", "9404", "Kabupaten Mimika"),  # now Papua Tengah
        ("9102", "9501", "Kabupaten Jayawijaya"),  # now Papua Pegunungan
        ("9201", "9601", "Kabupaten Sorong"),  # now Papua Barat Daya
        ("9271", "9671", "Kota Sorong"),
    ],
)
def test_a_former_papua_code_resolves_to_the_regency_today(former_code, current_code, name):
    assert current_regency_code(former_code) == current_code
    assert Regency.objects.get(code=current_code).name == name
    assert FormerRegencyCode.objects.get(code=former_code).regency_id == current_code


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["9103", "9171", "9202", "9301", "3601"])
def test_a_code_in_use_today_resolves_to_itself(code):
    assert current_regency_code(code) == code


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["9999", "9129", "9100", "91", "", "abcd"])
def test_an_unknown_code_resolves_to_nothing(code):
    assert current_regency_code(code) is None


@pytest.mark.django_db
def test_resolving_a_code_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        current_regency_code("9101")


@pytest.mark.django_db
def test_every_former_code_is_out_of_use_and_every_new_province_regency_has_one():
    assert FormerRegencyCode.objects.count() == 26
    assert not Regency.objects.filter(code__in=FormerRegencyCode.objects.values("code")).exists()
    new_provinces = Regency.objects.filter(province_id__in=["93", "94", "95", "96"])
    assert new_provinces.count() == 26
    assert not new_provinces.filter(former_codes__isnull=True).exists()


@pytest.mark.django_db
def test_a_nik_with_a_former_code_is_routed_to_the_office_covering_the_regency_today():
    assert office_responsible_for_regency("9101").code == "bp3mi-papua"
    assert office_responsible_for_regency("9201").code == "bp3mi-pabar"

    Regency.objects.filter(code="9301").update(office=Office.objects.get(code="bp3mi-pabar"))

    assert office_responsible_for_nik(MERAUKE_NIK_BEFORE_2022).code == "bp3mi-pabar"


@pytest.mark.django_db
def test_routing_lookup_page_answers_a_nik_with_a_former_code(logged_in_client):
    response = logged_in_client.get(
        "/offices/", {"q": MERAUKE_NIK_BEFORE_2022}, headers={"HX-Request": "true"}
    )

    assert [regency.code for regency in response.context["matches"]] == ["9301"]
    assert response.context["form"].former_code == "9101"
    text = response.content.decode()
    assert "Kabupaten Merauke" in text
    assert "BP3MI Papua" in text


@pytest.mark.django_db
def test_routing_lookup_page_marks_no_former_code_for_a_code_in_use(logged_in_client):
    response = logged_in_client.get("/offices/", {"q": "9301"}, headers={"HX-Request": "true"})

    assert [regency.code for regency in response.context["matches"]] == ["9301"]
    assert response.context["form"].former_code is None


@pytest.mark.django_db
def test_load_reference_twice_keeps_each_former_code_once():
    call_command("load_reference", stdout=io.StringIO())

    assert FormerRegencyCode.objects.count() == 26
    assert FormerRegencyCode.objects.get(code="9101").regency_id == "9301"


@pytest.mark.django_db
def test_a_bad_former_codes_file_is_refused_and_nothing_is_loaded(data_copy):
    FormerRegencyCode.objects.all().delete()
    provinces = (data_copy / "provinces.csv").read_text(encoding="utf-8")
    (data_copy / "provinces.csv").write_text(
        provinces.replace("93,Papua Selatan", "93,Papua Selatan Baru"), encoding="utf-8"
    )
    former = (data_copy / "former_regencies.csv").read_text(encoding="utf-8")
    (data_copy / "former_regencies.csv").write_text(
        former.replace("9101,9301,", "9101,9399,"), encoding="utf-8"
    )

    with pytest.raises(CommandError) as error:
        call_command("load_reference")

    assert "former_regencies.csv: 9101: unknown current regency '9399'" in str(error.value)
    assert not FormerRegencyCode.objects.exists()
    assert Province.objects.get(code="93").name == "Papua Selatan"


@pytest.mark.parametrize(
    ("line", "replacement", "problem"),
    [
        ("9101,9301,", "9103,9301,", "9103: still the code of Kabupaten Jayapura today"),
        ("9102,9501,", "9101,9501,", "duplicate former_code '9101'"),
        ("9109,9404,Kabupaten Mimika", "9109,9405,Kabupaten Mimika", "9405 is 'Kabupaten Puncak'"),
        ("9271,9671,", "927,9671,", "927: code is not 4 digits"),
    ],
)
def test_former_code_file_mistakes_are_named(data_copy, line, replacement, problem):
    former = (data_copy / "former_regencies.csv").read_text(encoding="utf-8")
    assert line in former
    (data_copy / "former_regencies.csv").write_text(
        former.replace(line, replacement, 1), encoding="utf-8"
    )

    with pytest.raises(ReferenceDataError) as error:
        read_reference_data()

    assert any(problem in message for message in error.value.problems), error.value.problems


def test_a_missing_former_code_is_counted(data_copy):
    rows = (data_copy / "former_regencies.csv").read_text(encoding="utf-8").splitlines()
    (data_copy / "former_regencies.csv").write_text("\n".join(rows[:-1]) + "\n", encoding="utf-8")

    with pytest.raises(ReferenceDataError) as error:
        read_reference_data()

    assert "former_regencies.csv: 25 codes, expected 26" in error.value.problems
