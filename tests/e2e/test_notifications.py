"""Browser test of the inbox: an arrival logged at the airport shows at the home office's bell
without a reload, and the notification leads to the arrival."""

import pytest

from pmi_portal.access.roles import Role
from returns import services as returns_services
from tests.e2e.conftest import log_in
from tests.factories import UserFactory, office
from tests.notifications.conftest import flight, pontianak_returnee


@pytest.mark.django_db(transaction=True)
def test_the_bell_counts_a_new_notification_without_a_reload_and_leads_to_the_record(
    page, reference_data, in_process
):
    UserFactory(username="loket.ptk.e2e", role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    airport = UserFactory(
        username="bandara.e2e", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )
    log_in(page, "loket.ptk.e2e")
    badge = page.locator("[data-unread-count]")
    assert badge.is_hidden()

    arrival = returns_services.arrival_log(
        actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
    )
    # The page asks again when the officer comes back to the tab (and every half minute).
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.locator("[data-unread-count]:visible").wait_for()
    assert badge.inner_text().startswith("1")

    page.get_by_test_id("notifications-link").click()
    page.get_by_role("link", name="Serah terima").click()
    page.wait_for_url(f"**/returns/arrivals/{arrival.pk}/")
    page.goto("/notifications/?unread=1")
    page.get_by_text("Tidak ada yang belum dibaca.").wait_for()
