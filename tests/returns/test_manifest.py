"""Manifests as they come: BOM, separators, headers in two languages, Indonesian dates."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from pmi_portal.access.roles import Role
from pmi_portal.people.models import Person
from returns.manifest import manifest_import, parse_date
from returns.models import Arrival
from tests.factories import PersonFactory, UserFactory, office

pytestmark = pytest.mark.django_db

INDONESIAN = (
    "\ufeffNama;No. Paspor;NIK;Jenis Kelamin;Tanggal Lahir;Negara Asal;Kategori;Penerbangan;"
    "Tanggal Tiba;Kabupaten/Kota\n"
    "Siti Aminah;C1234567;3603124507950003;P;05/07/1995;Malaysia;Reguler;QZ 7511;"
    "24/11/2026;Kabupaten Tangerang\n"
    "Dewi Lestari;C7654321;;P;4 Februari 1977;MY;Dideportasi, Sakit;QZ7511;2026-11-24;\n"
    ";C1111111;;P;01/01/1980;Malaysia;Reguler;QZ7511;24/11/2026;\n"
    "Rina;C2222222;;P;01/01/1980;Atlantis;Reguler;QZ7511;24/11/2026;\n"
    "Yuli;C3333333;;X;31/02/1980;Malaysia;Bahagia;QZ7511;kemarin;Kota Mars\n"
    "Dewi Lestari;C7654321;;P;4 Februari 1977;Malaysia;Reguler;QZ7511;24/11/2026;\n"
)


@pytest.fixture
def airport(db):
    return UserFactory(
        username="bandara.uji", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )


def csv_file(text: str, encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile("manifest.csv", text.encode(encoding), content_type="text/csv")


def test_the_preview_lists_every_problem_by_row_and_column_and_saves_nothing(airport):
    result = manifest_import(actor=airport, uploaded=csv_file(INDONESIAN), commit=False)

    problems = {(p.row, p.column) for p in result.errors}
    assert problems == {
        (3, "full_name"),
        (4, "from_country"),
        (5, "sex"),
        (5, "birth_date"),
        (5, "category"),
        (5, "arrived_at"),
        (5, "home_regency"),
        (6, "passport_number"),
    }
    assert result.created == 2
    assert not Arrival.objects.exists() and not Person.objects.exists()


def test_committing_saves_the_good_rows_and_again_creates_nothing(airport):
    first = manifest_import(actor=airport, uploaded=csv_file(INDONESIAN), commit=True)
    again = manifest_import(actor=airport, uploaded=csv_file(INDONESIAN), commit=True)

    assert (first.created, again.created, again.unchanged) == (2, 0, 2)
    siti = Arrival.objects.get(person__nik="3603124507950003")
    assert siti.person.home_regency_id == "3603" and siti.office.code == "upt-serang"
    dewi = Arrival.objects.get(person__passport_number="C7654321")
    assert (dewi.category, dewi.troubles) == ("troubled", ["deported", "sick"])
    assert dewi.person.needs_nik


def test_an_english_comma_separated_file_matches_a_known_worker(airport):
    worker = PersonFactory(
        full_name="Dewi Anggraini",
        passport_number="B9876543",
        passport_expiry=datetime.date(2030, 1, 1),
    )
    text = (
        "Name,Passport No.,Sex,Date of birth,Country,Category,Flight,Arrival date\n"
        f"{worker.full_name},b9876543,F,{worker.birth_date:%Y-%m-%d},Taiwan,deported,CI761,"
        "2026-11-20\n"
    )

    result = manifest_import(actor=airport, uploaded=csv_file(text), commit=True)

    assert (result.created, result.errors) == (1, [])
    assert Arrival.objects.get().person == worker


def test_the_same_rows_as_xlsx_are_the_same_arrivals(airport):
    manifest_import(actor=airport, uploaded=csv_file(INDONESIAN), commit=True)
    workbook = Workbook()
    sheet = workbook.active
    for line in INDONESIAN.lstrip("\ufeff").splitlines():
        sheet.append(line.split(";"))
    sheet["E3"] = datetime.datetime(1977, 2, 4)
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = manifest_import(
        actor=airport,
        uploaded=SimpleUploadedFile("manifest.xlsx", buffer.getvalue()),
        commit=True,
    )

    assert (result.created, result.unchanged) == (0, 2)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\x00\x01\x02garbage" * 1000, "unreadable"),
        (b"PK\x03\x04not really a zip", "unreadable"),
        (b"", "empty"),
        (b"Kolom;Lain\n1;2\n", "missing_columns"),
    ],
)
def test_a_file_that_is_no_manifest_is_refused_whole(airport, content, code):
    with pytest.raises(ValidationError) as error:
        manifest_import(actor=airport, uploaded=SimpleUploadedFile("x.csv", content), commit=True)

    assert error.value.code == code


def test_a_file_over_10_mb_is_refused_before_it_is_read(airport):
    big = SimpleUploadedFile("big.csv", b"a" * (10 * 1024 * 1024 + 1))

    with pytest.raises(ValidationError) as error:
        manifest_import(actor=airport, uploaded=big, commit=False)

    assert error.value.code == "too_big"


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("01/01/1975", datetime.date(1975, 1, 1)),
        ("1975-01-01", datetime.date(1975, 1, 1)),
        ("4 Februari 1977", datetime.date(1977, 2, 4)),
        ("4 Feb 1977", datetime.date(1977, 2, 4)),
        ("17 Agustus 1945", datetime.date(1945, 8, 17)),
    ],
)
def test_dates_are_read_as_officers_write_them(text, day):
    assert parse_date(text) == day


def test_the_import_page_previews_then_saves_without_choosing_the_file_twice(airport, client):
    client.force_login(airport)

    preview = client.post("/returns/arrivals/import/", {"file": csv_file(INDONESIAN)})
    assert preview.status_code == 200 and not Arrival.objects.exists()
    saved = client.post("/returns/arrivals/import/", {"commit": "True"})

    assert saved.status_code == 200
    assert Arrival.objects.count() == 2


def test_control_characters_from_another_systems_export_are_dropped(airport):
    text = (
        "Nama;No. Paspor;Jenis Kelamin;Tanggal Lahir;Negara Asal;Kategori;Penerbangan;"
        "Tanggal Tiba\n"
        "Siti\x1b[31m Aminah\x07;C1234567;P;05/07/1995;Malaysia;Reguler;QZ7511;24/11/2026\n"
    )

    result = manifest_import(actor=airport, uploaded=csv_file(text), commit=True)

    assert result.errors == []
    name = Person.objects.get().full_name
    assert "\x1b" not in name and "\x07" not in name and "Aminah" in name
