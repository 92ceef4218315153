import datetime

import pytest

from placements.models import Placement
from placements.stages import DOCUMENTS_TO_LEAVE, ROAD, DocumentKind, Stage
from pmi_portal.access.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import AgencyFactory, UserFactory


@pytest.mark.django_db(transaction=True)
def test_a_counter_officer_registers_a_cpmi_and_takes_her_to_departure(
    page, reference_data, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    UserFactory(username="loket.e2e", role=Role.COUNTER_OFFICER, first_name="Rina")
    agency = AgencyFactory(name="PT Duta Putra Bersama")
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    expiry = (datetime.date.today() + datetime.timedelta(days=1500)).isoformat()

    log_in(page, "loket.e2e")

    page.get_by_role("link", name="Daftarkan CPMI").first.click()
    page.get_by_label("NIK").fill("3603124507950003")
    page.get_by_label("Nama lengkap").fill("Siti Aminah")
    page.get_by_label("Jenis kelamin").select_option("F")
    page.get_by_label("Tempat lahir").fill("Tangerang")
    page.get_by_label("Tanggal lahir").fill("1995-07-05")
    page.get_by_label("Kabupaten/kota tempat tinggal").select_option("3603")
    page.get_by_label("Alamat").fill("Kampung Pasir Angin RT 02/05")
    page.get_by_label("Telepon", exact=True).fill("081234567890")
    page.get_by_label("Pendidikan").select_option("smp")
    page.get_by_label("Keluarga yang dapat dihubungi").fill("Sarinah")
    page.get_by_label("Hubungan").fill("ibu")
    page.get_by_label("Telepon keluarga").fill("081298765432")
    page.get_by_label("Nomor paspor").fill("C1234567")
    page.get_by_label("Paspor berlaku sampai").fill(expiry)
    page.get_by_label("Skema").select_option("p2p")
    page.get_by_label("Perusahaan penempatan (P3MI)").select_option(str(agency.pk))
    page.get_by_label("Negara tujuan").select_option("TW")
    page.get_by_label("Pemberi kerja").fill("Keluarga Chen")
    page.get_by_label("Sektor").select_option("informal")
    page.get_by_label("Jabatan").fill("pengasuh lansia")
    page.get_by_label("Lama kontrak (bulan)").fill("36")
    page.get_by_label("Gaji per bulan").fill("20000")
    page.get_by_label("Mata uang").select_option("TWD")
    page.get_by_role("button", name="Daftarkan", exact=True).click()

    page.wait_for_url("**/receipt/")
    assert "Tanda terima pendaftaran" in page.content()
    page.get_by_role("link", name="Kembali ke data pekerja").click()
    assert page.get_by_test_id("worker-name").inner_text() == "Siti Aminah"

    for stage in ROAD[1 : ROAD.index(Stage.DEPARTED) + 1]:
        panel = page.get_by_test_id("stage-panel")
        current = Placement.objects.get().stage
        for kind in DOCUMENTS_TO_LEAVE.get(current, []):
            # The move waits for the document, and the upload already offers it.
            assert page.get_by_test_id("move-forward").is_disabled()
            assert panel.get_by_label("Dokumen").input_value() == kind
            panel.get_by_label("Berkas").set_input_files(str(scan))
            with page.expect_response("**/documents/"):
                panel.get_by_role("button", name="Unggah").click()
            page.get_by_test_id("stage-panel").get_by_role(
                "link", name=str(DocumentKind(kind).label)
            ).wait_for()
        with page.expect_response("**/move/"):
            page.get_by_test_id("move-forward").click()
        page.get_by_test_id("current-stage").filter(has_text=str(Stage(stage).label)).wait_for()
        # The placements table below the panel shows the new stage without a reload.
        page.get_by_test_id("placement-stage").filter(has_text=str(Stage(stage).label)).wait_for()

    placement = Placement.objects.get()
    assert placement.stage == Stage.DEPARTED
    assert placement.history.count() == ROAD.index(Stage.DEPARTED) + 1
    # The panel reads its history when the officer opens it: every move, the departure last.
    panel = page.get_by_test_id("stage-panel")
    with page.expect_response("**/history/"):
        panel.locator("summary", has_text="Riwayat").click()
    moves = panel.locator("details.mt-2 ol li")
    moves.last.filter(has_text=str(Stage.DEPARTED.label)).wait_for()
    assert moves.count() == ROAD.index(Stage.DEPARTED) + 1


@pytest.mark.django_db(transaction=True)
def test_the_nik_fills_sex_birth_date_and_regency_but_not_what_the_officer_chose(
    page, reference_data
):
    UserFactory(username="loket.nik", role=Role.COUNTER_OFFICER)
    log_in(page, "loket.nik")
    page.goto("/registry/workers/new/")

    page.get_by_label("Tanggal lahir").fill("1995-07-06")
    page.get_by_label("NIK").fill("3603124507950003")
    page.get_by_test_id("nik-status").filter(has_text="NIK").wait_for()

    assert page.get_by_label("Jenis kelamin").input_value() == "F"
    assert page.get_by_label("Kabupaten/kota tempat tinggal").input_value() == "3603"
    # The officer's own date stays; the service will say if it disagrees with the NIK.
    assert page.get_by_label("Tanggal lahir").input_value() == "1995-07-06"

    # Another NIK replaces what the first one filled in.
    page.get_by_label("NIK").fill("6101050101900001")
    page.get_by_label("Jenis kelamin").filter(
        has=page.locator("option[value=M]:checked")
    ).wait_for()
    assert page.get_by_label("Kabupaten/kota tempat tinggal").input_value() == "6101"

    # A NIK that cannot be real says why, in Indonesian.
    page.get_by_label("NIK").fill("3603123113950003")
    page.get_by_test_id("nik-status").filter(has_text="tanggal lahir").wait_for()


@pytest.mark.django_db(transaction=True)
def test_the_long_lists_are_searched_as_you_type(page, reference_data):
    UserFactory(username="loket.cari", role=Role.COUNTER_OFFICER)
    log_in(page, "loket.cari")
    page.goto("/registry/workers/new/")

    page.get_by_test_id("search-home_regency").fill("tangerang sel")
    assert page.get_by_label("Kabupaten/kota tempat tinggal").input_value() == "3674"
    page.get_by_test_id("search-home_regency").press("ArrowUp")
    assert page.get_by_label("Kabupaten/kota tempat tinggal").input_value() == "3674"

    search = page.get_by_test_id("search-placement-destination")
    search.fill("korea")
    first = page.get_by_label("Negara tujuan").input_value()
    search.press("ArrowDown")
    assert page.get_by_label("Negara tujuan").input_value() != first
    search.press("Enter")
    assert page.evaluate("document.activeElement.name") == "placement-employer_name"
