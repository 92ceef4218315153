import pytest

from placements.models import Placement
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.people.models import Person, PossibleDuplicate
from tests.factories import AgencyFactory, PersonFactory
from tests.placements.conftest import PNG

pytestmark = pytest.mark.django_db

NIK = "3603124507950003"  # a woman born 5 July 1995 in Kabupaten Tangerang


def registration(**overrides):
    agency = AgencyFactory()
    data = {
        "nik": NIK,
        "full_name": "Siti Aminah",
        "sex": "F",
        "birth_place": "Tangerang",
        "birth_date": "1995-07-05",
        "home_regency": "3603",
        "address": "Kampung Pasir Angin RT 02/05, Desa Cikupa",
        "phone": "0812 3456 7890",
        "education": "smp",
        "skills": "merawat lansia, memasak",
        "next_of_kin_name": "Sarinah",
        "next_of_kin_relation": "ibu",
        "next_of_kin_phone": "081298765432",
        "passport_number": "",
        "passport_expiry": "",
        "placement-scheme": "p2p",
        "placement-agency": agency.pk,
        "placement-destination": "TW",
        "placement-employer_name": "Chen Mei-Ling",
        "placement-sector": "informal",
        "placement-job_title": "pengasuh lansia",
        "placement-contract_months": "36",
        "placement-salary_amount": "20000",
        "placement-salary_currency": "TWD",
    }
    return {**data, **overrides}


def test_a_counter_officer_registers_a_cpmi_and_her_placement_together(counter_client, counter):
    response = counter_client.post("/registry/workers/new/", registration())

    worker = Person.objects.get(nik=NIK)
    placement = Placement.objects.get(worker=worker)
    assert response.status_code == 302
    assert response["Location"] == f"/registry/placements/{placement.pk}/receipt/"
    assert worker.phone == "+6281234567890"
    assert worker.registered_by_office == counter.office
    assert placement.regency_id == "3603"
    assert placement.stage == "registered"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(worker.pk)).exists()
    receipt = counter_client.get(response["Location"]).content.decode()
    assert "Tanda terima pendaftaran" in receipt
    assert NIK in receipt


def test_an_invalid_placement_saves_no_worker_either(counter_client):
    response = counter_client.post(
        "/registry/workers/new/", registration(**{"placement-contract_months": "nol"})
    )

    assert response.status_code == 200
    assert not Person.objects.filter(nik=NIK).exists()


def test_a_p2p_placement_without_agency_is_refused_at_the_agency_field(counter_client):
    response = counter_client.post(
        "/registry/workers/new/", registration(**{"placement-agency": ""})
    )

    assert "Penempatan P to P harus melalui P3MI" in response.content.decode()
    assert not Person.objects.exists()


def test_a_nik_already_registered_says_where_the_record_is(counter_client):
    PersonFactory(nik=NIK, full_name="Siti Aminah", registered_by_office__code="upt-serang")

    text = counter_client.post("/registry/workers/new/", registration()).content.decode()

    assert "NIK ini sudah terdaftar: Siti Aminah, didaftarkan di UPT BP2MI Serang" in text
    assert Person.objects.filter(nik=NIK).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nik": "36031245079500"}, "NIK terdiri dari tepat 16 angka"),
        ({"nik": "3603123207950003"}, "bukan tanggal lahir yang nyata"),
        ({"sex": "M"}, "jenis kelamin tidak cocok dengan NIK"),
        ({"birth_date": "1995-07-06"}, "tanggal lahir tidak cocok dengan NIK"),
        ({"phone": "12345"}, "Nomor telepon ini tidak ada"),
        ({"phone": "telepon"}, "Ini bukan nomor telepon"),
        ({"passport_number": "C1234567"}, "Isi tanggal habis berlaku paspor"),
    ],
)
def test_each_invalid_field_is_explained_at_that_field(counter_client, overrides, message):
    response = counter_client.post("/registry/workers/new/", registration(**overrides))

    assert message in response.content.decode()
    assert not Person.objects.exists()


def test_a_child_cannot_be_registered(counter_client):
    response = counter_client.post(
        "/registry/workers/new/",
        registration(nik="3603124507150003", birth_date="2015-07-05"),
    )

    assert "masih anak-anak" in response.content.decode()
    assert not Person.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(counter_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("foto.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")

    response = counter_client.post("/registry/workers/new/", {**registration(), "photo": fake})

    assert response.context["worker_form"].errors["photo"]
    assert not Person.objects.exists()


def test_a_real_photo_is_kept(counter_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("foto.png", PNG, content_type="image/png")

    counter_client.post("/registry/workers/new/", {**registration(), "photo": photo})

    assert Person.objects.get(nik=NIK).photo.name.startswith("workers/photos/")


def test_a_similar_person_is_flagged_before_saving_and_kept_once_confirmed(counter_client):
    other = PersonFactory(
        full_name="SITI AMINAH",
        birth_date="1995-07-05",
        nik="3201014507950001",
        home_regency_id="3201",
    )

    first = counter_client.post("/registry/workers/new/", registration())
    assert "Kemungkinan data ganda" in first.content.decode()
    assert not Person.objects.filter(nik=NIK).exists()

    second = counter_client.post(
        "/registry/workers/new/", {**registration(), "different_from": [other.pk]}
    )
    assert second.status_code == 302
    flag = PossibleDuplicate.objects.get()
    assert (flag.similar_to, flag.reason) == (other, "name_and_birth_date")
    assert flag.worker.nik == NIK


def test_the_same_passport_under_another_nik_is_flagged(counter_client):
    PersonFactory(passport_number="C7654321", passport_expiry="2030-01-01")

    response = counter_client.post(
        "/registry/workers/new/",
        registration(passport_number="c7654321", passport_expiry="2031-01-01"),
    )

    assert "paspor sama" in response.content.decode()


@pytest.mark.parametrize(
    ("expiry", "code"), [(None, "passport_expiry_missing"), ("2020-01-01", "passport_expired")]
)
def test_a_cpmi_passport_must_be_valid_though_a_returnees_need_not(counter, expiry, code):
    import datetime

    from django.core.exceptions import ValidationError

    from placements.services import worker_register
    from pmi_portal.offices.models import Regency

    fields = {
        "nik": NIK,
        "full_name": "Siti Aminah",
        "sex": "F",
        "birth_place": "Tangerang",
        "birth_date": datetime.date(1995, 7, 5),
        "home_regency": Regency.objects.get(code="3603"),
        "address": "Cikupa",
        "education": "smp",
        "next_of_kin_name": "Sarinah",
        "next_of_kin_relation": "ibu",
        "next_of_kin_phone": "081298765432",
        "passport_number": "C1234567",
        "passport_expiry": expiry and datetime.date.fromisoformat(expiry),
    }

    with pytest.raises(ValidationError) as error:
        worker_register(actor=counter, fields=fields)

    assert error.value.error_dict["passport_expiry"][0].code == code


@pytest.mark.parametrize(
    ("wrong", "form", "field", "code"),
    [
        ({"placement-contract_months": "999"}, "placement_form", "contract_months",
         "contract_too_long"),
        ({"sex": "M"}, "worker_form", "sex", "nik_sex_mismatch"),
        ({"next_of_kin_phone": "12"}, "worker_form", "next_of_kin_phone", "phone_invalid"),
    ],
)  # fmt: skip
def test_a_wrong_field_is_shown_before_any_duplicate_question(
    counter_client, wrong, form, field, code
):
    PersonFactory(
        full_name="SITI AMINAH",
        birth_date="1995-07-05",
        nik="3201014507950001",
        home_regency_id="3201",
    )

    response = counter_client.post("/registry/workers/new/", registration(**wrong))

    errors = response.context[form].errors.as_data()
    assert [error.code for error in errors[field]] == [code]
    assert response.context["similar"] == []
    assert "different_from" not in response.content.decode()
    assert not Person.objects.filter(nik=NIK).exists()


def test_a_suspended_agency_is_named_before_any_duplicate_question(counter_client):
    PersonFactory(full_name="SITI AMINAH", birth_date="1995-07-05", nik="3201014507950001")
    suspended = AgencyFactory(status="suspended", status_reason="izin dibekukan")

    response = counter_client.post(
        "/registry/workers/new/", registration(**{"placement-agency": suspended.pk})
    )

    errors = response.context["placement_form"].errors.as_data()
    assert [error.code for error in errors["agency"]] == ["agency_not_active"]
    assert response.context["similar"] == []
