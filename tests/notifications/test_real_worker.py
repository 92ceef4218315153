"""The delivery guarantees against the real Redis broker and a real Celery worker process
(CI's PostgreSQL and Redis run; skipped on the embedded default)."""

import contextlib
import time
from unittest import mock

import pytest
import redis
from django.conf import settings
from django.db import transaction

from pmi_portal.access.roles import Role
from pmi_portal.celery import app
from pmi_portal.health.tasks import HEARTBEAT_KEY, worker_heartbeat
from pmi_portal.notifications import services
from pmi_portal.notifications.models import Channel, Delivery, Event, Notification
from pmi_portal.notifications.tasks import deliver
from returns import services as returns_services
from tests.factories import UserFactory, office
from tests.notifications.conftest import flight, pontianak_returnee, webhook_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

Status = Delivery.Status


@pytest.fixture
def worker_env():
    return {"NOTIFY_MAX_ATTEMPTS": "3", "NOTIFY_RETRY_BASE_SECONDS": "1"}


@pytest.fixture
def worker(real_celery_worker, reference_data, settings):
    """The worker, and this process sending to its queue."""
    settings.NOTIFY_QUEUE_IN_APP = settings.NOTIFY_QUEUE_OUTBOUND = real_celery_worker.queue
    settings.NOTIFY_MAX_ATTEMPTS = 3
    settings.NOTIFY_RETRY_BASE_SECONDS = 1
    return real_celery_worker


@pytest.fixture
def people(reference_data):
    return {
        "airport": UserFactory(
            username="bandara.rw", role=Role.AIRPORT_OFFICER, office=office("pos-soetta")
        ),
        "counter": UserFactory(
            username="loket.ptk.rw", role=Role.COUNTER_OFFICER, office=office("upt-pontianak")
        ),
    }


def wait_for(condition, worker, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert worker.process.poll() is None, "the worker died"
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("not within the time limit")


def drained(worker) -> None:
    """Wait until the worker has handled everything sent before: it runs one task at a time
    (solo pool, prefetch 1), so a heartbeat sent last comes out last."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(HEARTBEAT_KEY)
    worker_heartbeat.apply_async(queue=worker.queue)
    wait_for(lambda: client.get(HEARTBEAT_KEY) is not None, worker)


def log_arrival(people):
    return returns_services.arrival_log(
        actor=people["airport"],
        person_fields={"nik": pontianak_returnee().nik},
        arrival_fields=flight(),
    )


def test_an_event_reaches_the_inbox_through_the_worker(worker, people):
    log_arrival(people)

    notification = Notification.objects.get(user=people["counter"])
    wait_for(lambda: Notification.objects.get(pk=notification.pk).delivered_at is not None, worker)
    wait_for(
        lambda: not Delivery.objects.exclude(status=Status.SENT).exists(), worker
    )  # the e-mail too


def test_a_rolled_back_event_queues_nothing(worker, people):
    with (
        mock.patch.object(services, "_publish", wraps=services._publish) as sent,
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        log_arrival(people)
        raise RuntimeError("rolled back")
    drained(worker)

    sent.assert_not_called()
    assert Event.objects.count() == Delivery.objects.count() == 0


def test_a_task_delivered_twice_sends_once(worker, people, receiver):
    webhook_for("upt-pontianak", receiver, ["handover_request"])
    with mock.patch.object(services, "_publish"):  # hold the after-commit tasks back
        log_arrival(people)
    hook = Delivery.objects.get(channel=Channel.WEBHOOK)

    deliver.apply_async((hook.pk,), queue=worker.queue)
    deliver.apply_async((hook.pk,), queue=worker.queue)  # a redelivery after a crash
    drained(worker)

    assert len(receiver.received) == 1 and receiver.valid == [True]
    hook.refresh_from_db()
    assert hook.status == Status.SENT and hook.attempts == 1


@contextlib.contextmanager
def broker_unreachable():
    """This process publishes to a port where no Redis listens, as when Redis is down."""
    saved = app.conf.broker_write_url

    def reset():
        app._pool = None
        app.amqp._producer_pool = None

    app.conf.broker_write_url = "redis://127.0.0.1:9/0"
    reset()
    try:
        yield
    finally:
        app.conf.broker_write_url = saved
        reset()


def test_with_the_broker_down_the_sweep_delivers_once_it_is_back(worker, people, settings):
    with broker_unreachable():
        arrival = log_arrival(people)  # the event commits although nothing could be queued

    assert arrival.pk is not None
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.PENDING}

    settings.NOTIFY_SWEEP_GRACE_SECONDS = 0
    assert services.sweep() == Delivery.objects.count()
    wait_for(lambda: not Delivery.objects.exclude(status=Status.SENT).exists(), worker)
    assert Notification.objects.get(user=people["counter"]).delivered_at is not None


def test_a_signed_webhook_is_verified_by_the_receiver(worker, people, receiver):
    webhook_for("upt-pontianak", receiver, ["handover_request"])

    log_arrival(people)

    wait_for(lambda: len(receiver.received) == 1, worker)
    assert receiver.valid == [True]
    headers, _body = receiver.received[0]
    assert headers["X-PMI-Delivery"].startswith("pmi-")


def test_a_failing_webhook_retries_with_backoff_and_ends_failed(worker, people, receiver):
    receiver.answer = 502
    webhook_for("upt-pontianak", receiver, ["handover_request"])

    log_arrival(people)

    hook = Delivery.objects.get(channel=Channel.WEBHOOK)
    wait_for(lambda: Delivery.objects.get(pk=hook.pk).status == Status.FAILED, worker, 90)
    hook.refresh_from_db()
    assert hook.attempts == 3 and hook.last_error == "webhook answered HTTP 502"
    assert len(receiver.received) == 3
