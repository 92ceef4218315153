"""Faults, against the real PostgreSQL, Redis and Celery (CI): Redis down while officers and
the public work, and a worker killed in the middle of a delivery."""

import contextlib
import datetime
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.cache import caches as django_caches
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Case
from placements.models import Placement
from pmi_portal.access.roles import Role
from pmi_portal.api import throttling
from pmi_portal.notifications import services
from pmi_portal.notifications.models import Channel, Delivery, Notification, OfficeSettings
from returns.models import Arrival
from tests.conftest import CeleryWorker, start_celery_worker
from tests.factories import UserFactory, office
from tests.notifications.conftest import pontianak_returnee
from tests.notifications.test_real_worker import broker_unreachable, wait_for
from tests.placements.test_registration import NIK, registration

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

Status = Delivery.Status

# Where no Redis listens: the broker and the cache, as when the server is down.
DEAD_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def worker_env():
    return {"NOTIFY_CLAIM_SECONDS": "2"}


@pytest.fixture
def worker(real_celery_worker, reference_data, settings):
    settings.NOTIFY_QUEUE_IN_APP = settings.NOTIFY_QUEUE_OUTBOUND = real_celery_worker.queue
    return real_celery_worker


@contextlib.contextmanager
def redis_down(settings):
    caches = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": DEAD_REDIS},
    }
    try:
        with broker_unreachable(), override_settings(CACHES=caches):
            yield
    finally:
        # Redis is back for the tests that follow: no process-local counting left over.
        throttling._shared_cache_down_until = 0.0
        django_caches[throttling.LOCAL_CACHE].clear()


def test_with_redis_down_the_counter_the_airport_and_the_public_keep_working(
    worker, client, settings
):
    counter = UserFactory(username="loket.srg.f", role=Role.COUNTER_OFFICER)
    airport = UserFactory(
        username="bandara.f", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )
    UserFactory(username="loket.ptk.f", role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    handler = UserFactory(
        username="kasus.ptk.f", role=Role.CASE_HANDLER, office=office("upt-pontianak")
    )
    returnee = pontianak_returnee()

    with redis_down(settings):
        client.force_login(counter)
        registered = client.post("/registry/workers/new/", registration())
        client.force_login(airport)
        logged = client.post(
            "/returns/arrivals/new/",
            {
                "nik": returnee.nik,
                "flight_number": "QZ7511",
                "arrived_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "from_country": "MY",
                "category": "troubled",
                "troubles": ["deported"],
            },
        )
        client.logout()
        reported = client.post(
            reverse("lapor:report"),
            {
                "case_type": "unlicensed_recruiter",
                "description": "Calo merekrut perempuan ke Malaysia tanpa dokumen.",
                "regency": "6101",
                "anonymous": "on",
            },
            REMOTE_ADDR="198.51.100.23",
        )

    assert (registered.status_code, logged.status_code, reported.status_code) == (302, 302, 200)
    assert Placement.objects.filter(worker__nik=NIK).exists()
    assert Arrival.objects.filter(person=returnee).exists()
    assert Case.objects.filter(source="public_report").exists()
    waiting = Delivery.objects.filter(status=Status.PENDING)
    assert waiting.count() == Delivery.objects.count() > 0

    # Redis is back: the sweep hands what waited to the worker.
    settings.NOTIFY_SWEEP_GRACE_SECONDS = 0
    services.sweep()
    wait_for(lambda: not Delivery.objects.exclude(status=Status.SENT).exists(), worker)
    assert Notification.objects.filter(user=handler, delivered_at__isnull=False).exists()


class SlowGateway:
    """Answers its first request only after a long pause (time to kill the worker)."""

    def __init__(self):
        self.requests = []
        state = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                state.requests.append((self.headers["X-PMI-Delivery"], body))
                if len(state.requests) == 1:
                    time.sleep(5)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_worker_killed_during_a_delivery_delivers_once_after_restart(worker, settings):
    from returns import services as returns_services
    from tests.notifications.conftest import flight

    gateway = SlowGateway()
    OfficeSettings.objects.create(
        office=office("upt-pontianak"),
        webhook_url=gateway.url,
        webhook_secret="rahasia",
        webhook_kinds=["handover_request"],
    )
    airport = UserFactory(
        username="bandara.k", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
    )
    UserFactory(username="loket.ptk.k", role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    restarted = None
    try:
        returns_services.arrival_log(
            actor=airport, person_fields={"nik": pontianak_returnee().nik}, arrival_fields=flight()
        )
        hook = Delivery.objects.get(channel=Channel.WEBHOOK)
        wait_for(lambda: len(gateway.requests) == 1, worker)
        os.kill(worker.process.pid, signal.SIGKILL)  # in the middle of the POST
        worker.process.wait(timeout=10)
        assert Delivery.objects.get(pk=hook.pk).status == Status.SENDING

        restarted = CeleryWorker(worker.queue, start_celery_worker(worker.queue, {}))
        # The claim of the dead worker lapses; the sweep (beat, every minute) takes it back.
        time.sleep(2.5)
        settings.NOTIFY_SWEEP_GRACE_SECONDS = 0
        services.sweep(now=timezone.now() + datetime.timedelta(seconds=1))
        wait_for(lambda: Delivery.objects.get(pk=hook.pk).status == Status.SENT, restarted)
    finally:
        if restarted is not None:
            restarted.process.terminate()
            restarted.process.wait(timeout=30)
        gateway.close()

    # The gateway saw the one delivery twice under one key, and keeps it once.
    keys = [key for key, _body in gateway.requests]
    assert keys == [f"pmi-{hook.pk}", f"pmi-{hook.pk}"]
    assert len(set(keys)) == 1
    assert Delivery.objects.get(pk=hook.pk).attempts == 2
    # The in-app notification of the same event: exactly once.
    assert Notification.objects.filter(user__username="loket.ptk.k").count() == 1
    assert Delivery.objects.get(channel=Channel.IN_APP).attempts == 1
