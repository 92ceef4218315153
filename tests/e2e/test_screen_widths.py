"""The counter's pages on a phone (390 px) and the head's menu on an office laptop (1366 px)."""

import pytest

from pmi_portal.access.roles import Role
from tests.e2e.conftest import log_in
from tests.factories import PersonFactory, PlacementFactory, UserFactory

PAGE_WIDTH = "document.documentElement.scrollWidth"


@pytest.fixture
def placement(reference_data):
    worker = PersonFactory(
        full_name="Lestari Firmansyah Handayani",
        address="Dusun Pasir RT 03/09, Kampung Cibodas Hilir",
        skills="merawat lansia, memasak, mengasuh anak",
    )
    return PlacementFactory(worker=worker, employer_name="Keluarga Tan Wei Ming")


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_worker_page_and_the_queue_do_not_scroll_sideways(page, placement):
    UserFactory(username="loket.hp", role=Role.COUNTER_OFFICER)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "loket.hp")

    page.goto(f"/registry/workers/{placement.worker_id}/")
    assert page.evaluate(PAGE_WIDTH) <= 390

    page.goto("/registry/queue/")
    assert page.evaluate(PAGE_WIDTH) <= 390
    stage = page.get_by_test_id("queue-stage").bounding_box()
    assert stage["x"] + stage["width"] <= 390


@pytest.mark.django_db(transaction=True)
def test_the_heads_menu_stays_on_one_line_on_a_laptop(page, reference_data):
    UserFactory(username="kepala.uji", role=Role.OFFICE_HEAD, first_name="Joko")
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "kepala.uji")

    # Lines of text in each menu entry: its inner height over its line height.
    lines = page.evaluate(
        """Array.from(document.querySelectorAll('#main-menu .nav-link')).map(link => {
            const style = getComputedStyle(link);
            const inner = link.clientHeight - parseFloat(style.paddingTop)
                - parseFloat(style.paddingBottom);
            return inner / parseFloat(style.lineHeight);
        })"""
    )
    log_out = page.get_by_role("button", name="Keluar").bounding_box()
    assert len(lines) >= 8
    assert max(lines) < 1.5
    assert log_out["x"] + log_out["width"] <= 1366
    assert page.evaluate(PAGE_WIDTH) <= 1366
