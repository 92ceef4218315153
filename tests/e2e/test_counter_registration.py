import datetime

import pytest

from placements.models import Placement
from placements.stages import DOCUMENTS_TO_LEAVE, ROAD, DocumentKind, Stage
from pmi_portal.access.roles import Role
from tests.factories import DEFAULT_PASSWORD, AgencyFactory, UserFactory


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

    page.goto("/accounts/login/")
    page.get_by_label("Nama pengguna").fill("loket.e2e")
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/")

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
