"""A report from the public, on a phone, followed through to its end: the Pontianak handler
verifies it, investigates, refers it to the police, records the verdict, resolves and closes
it, and the reporter sees it closed, with no staff name on the status page."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from cases.models import Case
from pmi_portal.access.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import UserFactory, office


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    cache.clear()
    yield page
    context.close()


def move(page, to_state: str, reason: str = "") -> None:
    page.get_by_label("Pindahkan ke").select_option(to_state)
    if reason:
        page.get_by_label("Alasan").fill(reason)
    with page.expect_navigation():
        page.get_by_role("button", name="Pindahkan", exact=True).click()


@pytest.mark.django_db(transaction=True)
def test_a_public_report_is_followed_from_the_phone_to_its_closing_by_a_handler(
    phone, page, reference_data
):
    phone.goto("/lapor/")
    phone.get_by_label("Tentang apa laporan Anda?").select_option("trafficking")
    phone.get_by_label("Apa yang terjadi?").fill(
        "Tiga perempuan dari desa kami ditahan di penampungan sebelum dikirim ke Malaysia."
    )
    phone.get_by_label("Kabupaten/kota (tempat kejadian, atau asal pekerja)").select_option("6101")
    phone.get_by_role("button", name="Kirim laporan").click()
    receipt = phone.get_by_test_id("receipt").inner_text()
    case = Case.objects.get()

    handler = UserFactory(
        username="kasus.ptk.e2e",
        first_name="Yohanes",
        role=Role.CASE_HANDLER,
        office=office("upt-pontianak"),
    )
    log_in(page, handler.username)
    page.goto(f"/cases/{case.pk}/")
    move(page, "verified")
    move(page, "under_investigation")

    today = timezone.localdate().isoformat()
    page.get_by_text("Rujuk ke instansi").click()
    page.locator("#id_institution").select_option("police")
    page.get_by_label("Nama instansi").fill("Polda Kalimantan Barat")
    page.get_by_label("Dikirim pada").fill(today)
    with page.expect_navigation():
        page.get_by_role("button", name="Catat rujukan").click()
    move(page, "referred")

    page.get_by_text("Penegakan hukum").click()
    page.get_by_label("Tahap").select_option("verdict")
    page.locator("#id_happened_on").fill(today)
    page.get_by_label("Putusan").select_option("convicted")
    with page.expect_navigation():
        page.get_by_role("button", name="Catat tahap").click()
    move(page, "resolved", "Pelaku divonis bersalah oleh Pengadilan Negeri Sambas.")
    move(page, "closed")

    case.refresh_from_db()
    assert case.state == "closed"
    assert case.referrals.get().institution == "police"
    assert case.legal_steps.get().verdict == "convicted"

    phone.goto("/lapor/status/")
    phone.get_by_label("Kode tanda terima").fill(receipt)
    phone.get_by_role("button", name="Tampilkan").click()
    assert phone.get_by_test_id("public-state").inner_text() == "ditutup"
    status_page = phone.content()
    assert "Yohanes" not in status_page and handler.username not in status_page
