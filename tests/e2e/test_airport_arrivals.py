"""Browser tests of the return post: an arrival logged from a passport's MRZ, a manifest."""

import pytest

from pmi_portal.access.roles import Role
from returns.models import Arrival
from tests.e2e.conftest import log_in
from tests.factories import UserFactory, office
from tests.returns.test_arrivals import _zone


@pytest.mark.django_db(transaction=True)
def test_the_airport_officer_logs_an_arrival_by_scanning_the_passport(page, reference_data):
    UserFactory(username="bandara.e2e", role=Role.AIRPORT_OFFICER, office=office("pos-soetta"))
    log_in(page, "bandara.e2e")

    page.goto("/returns/arrivals/new/")
    # The zone field has the focus: a scanner types straight into it.
    page.keyboard.type(_zone())
    page.get_by_role("status").filter(has_text="Terbaca").wait_for()
    assert page.get_by_label("Nama lengkap").input_value() == "SITI AMINAH"
    assert page.get_by_label("Nomor paspor").input_value() == "B1234567"
    page.get_by_label("Penerbangan").fill("QZ7511")
    page.get_by_label("Datang dari").select_option("MY")
    page.get_by_label("PMI bermasalah").check()
    page.get_by_label("dideportasi").check()
    page.get_by_role("button", name="Catat kedatangan ini").click()

    page.get_by_text("sudah dicatat dan diteruskan").wait_for()
    arrival = Arrival.objects.get()
    assert (arrival.person.passport_number, arrival.troubles) == ("B1234567", ["deported"])


@pytest.mark.django_db(transaction=True)
def test_the_airport_officer_previews_then_saves_a_manifest(page, reference_data, tmp_path):
    UserFactory(username="bandara.e2e", role=Role.AIRPORT_OFFICER, office=office("pos-soetta"))
    manifest = tmp_path / "manifest.csv"
    manifest.write_text(
        "Nama;No. Paspor;Jenis Kelamin;Tanggal Lahir;Negara Asal;Kategori;Penerbangan;"
        "Tanggal Tiba\n"
        "Rina Wulandari;X4481207;P;14/03/1993;Malaysia;Dideportasi;AK380;24/11/2026\n"
        "Tanpa Negara;X4481208;P;14/03/1993;Atlantis;Reguler;AK380;24/11/2026\n",
        encoding="utf-8",
    )
    log_in(page, "bandara.e2e")

    page.goto("/returns/arrivals/import/")
    page.get_by_label("Manifes (CSV atau XLSX)").set_input_files(str(manifest))
    page.get_by_role("button", name="Periksa berkas").click()
    assert "Atlantis" in page.get_by_role("table").inner_text()
    assert not Arrival.objects.exists()
    page.get_by_role("button", name="Simpan 1 baris yang benar").click()

    page.get_by_text("Tersimpan: 1 baru").wait_for()
    assert Arrival.objects.get().person.passport_number == "X4481207"
