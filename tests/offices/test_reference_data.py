import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pmi_portal.offices.models import Country, Office, Province, Regency
from pmi_portal.offices.reference import ReferenceDataError, read_reference_data
from pmi_portal.offices.selectors import coverage_problems
from pmi_portal.offices.services import reference_data_load


@pytest.mark.django_db
def test_reference_data_has_every_province_regency_and_a_covering_office():
    assert Province.objects.count() == 38
    assert Regency.objects.count() == 514
    assert Country.objects.filter(code="MY", name_id="Malaysia").exists()
    assert Country.objects.get(code="KR").name_id == "Korea Selatan"
    assert coverage_problems() == []
    assert not Regency.objects.filter(office__isnull=True).exists()


@pytest.mark.django_db
def test_offices_named_in_the_news_exist_with_their_posts_and_time_zones():
    serang = Office.objects.get(name="UPT BP2MI Serang")
    assert serang.kind == Office.Kind.REGIONAL
    assert set(serang.regencies.values_list("province_id", flat=True)) == {"36"}
    assert set(serang.children.values_list("code", flat=True)) >= {"pos-tangerang", "pos-soetta"}
    soetta = Office.objects.get(code="pos-soetta")
    assert soetta.name == "Pos Kepulangan PMI Soekarno-Hatta"
    assert soetta.area_office == serang
    assert Office.objects.get(name="UPT BP2MI Pontianak").timezone == "Asia/Jakarta"
    assert Office.objects.get(name="UPT BP2MI Mataram").timezone == "Asia/Makassar"
    assert Office.objects.get(code="bp3mi-papua").timezone == "Asia/Jayapura"
    for name in ("UPT BP2MI Lampung", "BP3MI Jawa Barat"):
        assert Office.objects.get(name=name).regencies.exists()


@pytest.mark.django_db
def test_load_reference_twice_changes_nothing():
    counts = (Province.objects.count(), Regency.objects.count(), Office.objects.count())

    call_command("load_reference", stdout=io.StringIO())

    assert (Province.objects.count(), Regency.objects.count(), Office.objects.count()) == counts
    assert coverage_problems() == []


@pytest.mark.django_db
def test_reload_keeps_a_regency_an_administrator_moved_to_another_office():
    indramayu = Regency.objects.get(code="3212")
    indramayu.office = Office.objects.get(code="bp3mi-jateng")
    indramayu.save()

    reference_data_load(data=read_reference_data())

    indramayu.refresh_from_db()
    assert indramayu.office.code == "bp3mi-jateng"


@pytest.mark.django_db
def test_invalid_reference_data_is_not_loaded_half(data_copy):
    provinces = (data_copy / "provinces.csv").read_text(encoding="utf-8")
    (data_copy / "provinces.csv").write_text(
        provinces.replace("36,Banten", "36,Banten Baru"), encoding="utf-8"
    )
    regencies = (data_copy / "regencies.csv").read_text(encoding="utf-8").splitlines()
    (data_copy / "regencies.csv").write_text("\n".join(regencies[:-1]) + "\n", encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("load_reference")

    assert "513 regencies, expected 514" in str(error.value)
    assert "nothing was loaded" in str(error.value)
    assert Province.objects.get(code="36").name == "Banten"


@pytest.mark.parametrize(
    ("line", "replacement", "problem"),
    [
        (
            "upt-pontianak,UPT BP2MI Pontianak,regional,hq,Asia/Jakarta",
            "upt-pontianak,UPT BP2MI Pontianak,regional,hq,Asia/Singapore",
            "time zone 'Asia/Singapore' is not WIB, WITA or WIT",
        ),
        (",61\n", ",36\n", "province 36 already covered by upt-serang"),
        (
            "pos-soetta,Pos Kepulangan PMI Soekarno-Hatta,return_post,upt-serang",
            "pos-soetta,Pos Kepulangan PMI Soekarno-Hatta,return_post,hq",
            "parent 'hq' must be a regional",
        ),
    ],
)
def test_office_file_mistakes_are_named(data_copy, line, replacement, problem):
    offices = (data_copy / "offices.csv").read_text(encoding="utf-8")
    assert line in offices
    (data_copy / "offices.csv").write_text(offices.replace(line, replacement, 1), encoding="utf-8")

    with pytest.raises(ReferenceDataError) as error:
        read_reference_data()

    assert any(problem in message for message in error.value.problems), error.value.problems


@pytest.mark.django_db
def test_check_coverage_reports_a_regency_without_office():
    Regency.objects.filter(code="3601").update(office=None)

    with pytest.raises(CommandError) as error:
        call_command("check_coverage")

    assert "3601 Kabupaten Pandeglang (Banten)" in str(error.value)
