"""The counter's service time: measured from opening the record to the receipt, without a
click, and set beside the promised time for the head."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from redis.exceptions import RedisError

from pmi_portal.access.roles import Role
from service_quality import service_time
from service_quality.models import ServiceTime
from tests.factories import PersonFactory, PlacementFactory, UserFactory
from tests.service_quality.factories import ServiceStandardFactory, ServiceTimeFactory

pytestmark = pytest.mark.django_db


def test_opening_a_workers_record_and_printing_the_receipt_measures_the_service(
    counter_client, counter
):
    worker = PersonFactory()
    counter_client.get(reverse("placements:worker", kwargs={"pk": worker.pk}))
    placement = PlacementFactory(worker=worker)

    counter_client.get(reverse("placements:receipt", kwargs={"pk": placement.pk}))
    counter_client.get(reverse("placements:receipt", kwargs={"pk": placement.pk}))  # a reprint

    measured = ServiceTime.objects.get()
    assert measured.receipt == f"registration:{placement.pk}"
    assert (measured.office.code, measured.service, measured.officer) == (
        "upt-serang", "registration", counter,
    )  # fmt: skip
    assert measured.started_at <= placement.created_at <= measured.finished_at
    assert measured.seconds >= 0


def test_a_new_registration_is_measured_from_the_opening_of_the_form(counter_client):
    counter_client.get(reverse("placements:register"))
    placement = PlacementFactory()

    counter_client.get(reverse("placements:receipt", kwargs={"pk": placement.pk}))

    assert ServiceTime.objects.get().receipt == f"registration:{placement.pk}"


def test_reprinting_an_older_receipt_measures_nothing(counter_client):
    placement = PlacementFactory()
    counter_client.get(reverse("placements:worker", kwargs={"pk": placement.worker_id}))

    counter_client.get(reverse("placements:receipt", kwargs={"pk": placement.pk}))

    assert ServiceTime.objects.count() == 0


def test_another_persons_receipt_does_not_stop_the_clock(counter_client):
    opened = PersonFactory()
    counter_client.get(reverse("placements:worker", kwargs={"pk": opened.pk}))
    other = PlacementFactory()

    counter_client.get(reverse("placements:receipt", kwargs={"pk": other.pk}))
    own = PlacementFactory(worker=opened)
    counter_client.get(reverse("placements:receipt", kwargs={"pk": own.pk}))

    assert list(ServiceTime.objects.values_list("receipt", flat=True)) == [f"registration:{own.pk}"]


def _started(response) -> dict:
    return cache.get(f"service_quality.counter_started:{response.wsgi_request.session.session_key}")


def test_opening_the_same_record_again_keeps_the_clock_and_leaves_the_session_unwritten(
    counter_client,
):
    worker = PersonFactory()
    page = reverse("placements:worker", kwargs={"pk": worker.pk})
    first = counter_client.get(page)

    again = counter_client.get(page)

    assert _started(again) == _started(first)
    assert not again.wsgi_request.session.modified


def test_the_service_is_measured_from_the_first_opening_of_the_record(counter_client):
    worker = PersonFactory()
    page = reverse("placements:worker", kwargs={"pk": worker.pk})
    started_at = _started(counter_client.get(page))["at"]
    counter_client.get(page)
    placement = PlacementFactory(worker=worker)

    counter_client.get(reverse("placements:receipt", kwargs={"pk": placement.pk}))

    assert ServiceTime.objects.get().started_at.isoformat() == started_at


def test_opening_another_persons_record_starts_the_clock_anew(counter_client):
    first, second = PersonFactory(), PersonFactory()
    counter_client.get(reverse("placements:worker", kwargs={"pk": first.pk}))

    opened = counter_client.get(reverse("placements:worker", kwargs={"pk": second.pk}))

    assert _started(opened)["person"] == second.pk
    # The clock waits in the cache: going from person to person writes no session.
    assert not opened.wsgi_request.session.modified


def test_a_clock_started_in_another_session_measures_nothing(counter_client, counter):
    worker = PersonFactory()
    counter_client.get(reverse("placements:worker", kwargs={"pk": worker.pk}))
    placement = PlacementFactory(worker=worker)
    elsewhere = Client()
    elsewhere.force_login(counter)  # the same officer, logged in anew elsewhere

    elsewhere.get(reverse("placements:receipt", kwargs={"pk": placement.pk}))

    assert ServiceTime.objects.count() == 0


def test_while_the_cache_is_unreachable_pages_open_and_nothing_is_measured(
    counter_client, monkeypatch
):
    worker = PersonFactory()

    def unreachable(*args, **kwargs):
        raise RedisError("down")

    for method in ("get", "set", "delete"):
        monkeypatch.setattr(service_time.cache, method, unreachable)
    page = counter_client.get(reverse("placements:worker", kwargs={"pk": worker.pk}))
    placement = PlacementFactory(worker=worker)
    receipt = counter_client.get(reverse("placements:receipt", kwargs={"pk": placement.pk}))

    assert (page.status_code, receipt.status_code) == (200, 200)
    assert ServiceTime.objects.count() == 0


def test_the_head_sees_the_measured_time_beside_the_promised_one(client):
    ServiceStandardFactory(promised_minutes=30)
    for minutes in (10, 20, 25, 40):
        ServiceTimeFactory(minutes=minutes)
    client.force_login(UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD))

    response = client.get(reverse("service_quality:service_time"))

    (summary,) = response.context["summaries"]
    assert summary.measured == 4
    assert summary.median_minutes == 20.0
    assert summary.slowest_tenth_minutes == 40.0
    assert (summary.promised_minutes, summary.within_promise_percent) == (30, 75)


def test_counter_officers_are_measured_but_do_not_see_the_figures(counter_client):
    assert counter_client.get(reverse("service_quality:service_time")).status_code == 403
