"""Browser test of the dashboard: a head opens it, narrows the period, sees the charts drawn
under the strict CSP, downloads the XLSX, follows a figure to the records behind it and
downloads them, and opens the month's printable report."""

import csv

import pytest
from openpyxl import load_workbook

from tests.dashboards.data import make_data_set, make_heads
from tests.factories import DEFAULT_PASSWORD


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url("**/")


@pytest.mark.django_db(transaction=True)
def test_a_head_filters_the_dashboard_and_downloads_the_xlsx(page, reference_data):
    head = make_heads().serang
    make_data_set()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    log_in(page, head.username)

    page.get_by_role("link", name="Dasbor").first.click()
    page.get_by_label("Dari bulan").fill("2026-02")
    page.get_by_label("Sampai bulan").fill("2026-02")
    page.get_by_label("Peta menampilkan").select_option("cases")
    page.get_by_test_id("dashboard-apply").click()

    page.wait_for_url("**/dashboard/?from=2026-02&to=2026-02*")
    assert page.get_by_test_id("figure-placements-departed").inner_text() == "2"
    assert page.get_by_test_id("figure-returns-arrivals").inner_text() == "2"
    assert "Peta: Kasus yang dibuka menurut provinsi" in page.content()
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas')]"
        ".filter(c => window.Chart && window.Chart.getChart(c)).length"
    )
    assert drawn >= 5
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    path = download.value.path()
    assert download.value.suggested_filename == "dasbor-2026-02-2026-02-semua.xlsx"
    with open(path, "rb") as xlsx:  # the download is saved without a file extension
        book = load_workbook(xlsx)
    cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    assert "Berangkat dalam periode" in cells

    page.get_by_test_id("figure-returns-troubled").get_by_role("link").click()
    page.wait_for_url("**/returns/?view=all&from=2026-02&to=2026-02&category=troubled")
    assert page.get_by_test_id("records-filters").is_visible()
    with page.expect_download() as records:
        page.get_by_test_id("records-csv").click()
    with open(records.value.path(), encoding="utf-8-sig", newline="") as listed:
        rows = list(csv.reader(listed))
    assert len(rows) == 1 + 2  # the header and February's two troubled arrivals
    assert all("*" in row[2] for row in rows[1:])  # identity numbers masked

    page.go_back()
    page.get_by_test_id("monthly-report-link").click()
    page.wait_for_url("**/dashboard/report/?month=2026-02")
    assert page.get_by_test_id("monthly-report").is_visible()
    assert problems == []
