"""A member of the public reports from a phone with JavaScript off, and follows the report."""

import pytest
from django.core.cache import cache

from cases.models import Case


@pytest.fixture
def phone_without_javascript(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
        is_mobile=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    cache.clear()
    yield page
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_report_from_a_phone_without_javascript_gets_a_receipt_and_its_status(
    phone_without_javascript, reference_data
):
    page = phone_without_javascript

    page.goto("/lapor/")
    assert page.locator("h1").inner_text() == "Laporkan penempatan ilegal atau perdagangan orang"
    page.get_by_label("Tentang apa laporan Anda?").select_option("unlicensed_recruiter")
    page.get_by_label("Apa yang terjadi?").fill("Calo di desa kami merekrut ke Malaysia.")
    page.get_by_label("Kabupaten/kota (tempat kejadian, atau asal pekerja)").select_option("6101")
    page.get_by_role("button", name="Kirim laporan").click()

    receipt = page.get_by_test_id("receipt").inner_text()
    assert len(receipt.replace("-", "")) == 20
    assert Case.objects.get().office.code == "upt-pontianak"

    page.get_by_role("link", name="Pantau laporan Anda").click()
    page.get_by_label("Kode tanda terima").fill(receipt.lower())
    page.get_by_role("button", name="Tampilkan").click()
    assert page.get_by_test_id("public-state").inner_text() == "dilaporkan"
