"""The notifications benchmark: a real `celery worker` process on a queue of its own, over the
bench's Redis and database. Its events are marked `bench:` and removed afterwards."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import redis
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from bench.figures import Figure, measured, missing, percentile

ROOT = Path(__file__).resolve().parent.parent
BENCH_USERNAME = "bench.notify"
FIGURES = {
    "notify_in_app_per_second": "1/s",
    "notify_in_app_backlog_per_second": "1/s",
    "notify_event_to_inbox_p50_ms": "ms",
    "notify_event_to_inbox_p95_ms": "ms",
}


def _recipient():
    """A counter officer with no e-mail address: the in-app channel only."""
    from pmi_portal.access.models import User
    from pmi_portal.access.roles import Role
    from pmi_portal.offices.models import Office

    user, _ = User.objects.update_or_create(
        username=BENCH_USERNAME,
        defaults={
            "role": Role.COUNTER_OFFICER,
            "office": Office.objects.get(code="upt-serang"),
            "email": "",
            "is_active": True,
        },
    )
    return user


def _start_worker(queue: str) -> subprocess.Popen:
    env = {**os.environ, "NOTIFY_QUEUE_IN_APP": queue, "NOTIFY_QUEUE_OUTBOUND": queue}
    command = [sys.executable, "-m", "celery", "-A", "pmi_portal", "worker", "--pool=solo"]
    command += ["--queues", queue, "--hostname", f"{queue}@%h", "--without-gossip"]
    command += ["--without-mingle", "--without-heartbeat", "--loglevel=WARNING"]
    # As the README runs the in-app queue's workers: quick tasks, so more of them prefetched.
    command += ["--prefetch-multiplier", "16"]
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own fixed command


def _wait(condition, worker: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            return False
        if condition():
            return True
        time.sleep(0.02)
    return False


def _ready(queue: str, worker: subprocess.Popen) -> bool:
    from pmi_portal.health.tasks import HEARTBEAT_KEY, worker_heartbeat

    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(HEARTBEAT_KEY)
    worker_heartbeat.apply_async(queue=queue)
    return _wait(lambda: client.get(HEARTBEAT_KEY) is not None, worker, 60)


def _event(user, number: int, run: str):
    from pmi_portal.notifications.services import notify

    return notify(
        key=f"bench:{run}:{number}",
        kind="case_assigned",
        params={"reference": f"KSS-BENCH-{number:06d}", "case_type": "abuse", "state": "reported"},
        link="/cases/",
        users=[user],
    )


def measure_notifications(throughput_events: int, latency_events: int) -> dict[str, Figure]:
    from pmi_portal.notifications import services
    from pmi_portal.notifications.models import Delivery, Event, Notification

    run = uuid.uuid4().hex[:8]
    queue = f"bench-notify-{run}"
    user = _recipient()
    worker = _start_worker(queue)
    try:
        with override_settings(NOTIFY_QUEUE_IN_APP=queue, NOTIFY_QUEUE_OUTBOUND=queue):
            if not _ready(queue, worker):
                return {
                    name: missing(unit, "the worker did not start")
                    for name, unit in FIGURES.items()
                }
            # Throughput: the events are written first, then their tasks are sent, one per
            # event as each event's commit sends it; then the same again as a backlog (what
            # the sweep sends after an outage), whose in-app deliveries go in batches.
            rates = {}
            for label, per_event in (("t", True), ("b", False)):
                held = []
                with mock.patch.object(services, "dispatch", held.extend), transaction.atomic():
                    for number in range(throughput_events):
                        _event(user, number, f"{run}-{label}")
                waiting = Delivery.objects.filter(
                    notification__event__key__startswith=f"bench:{run}-{label}:",
                    status="pending",
                )
                started = time.perf_counter()
                if per_event:
                    for item in held:
                        services.dispatch([item])
                else:
                    services.dispatch(held)
                _wait(lambda waiting=waiting: not waiting.exists(), worker, 600)
                seconds = time.perf_counter() - started
                left = waiting.count()
                rates[label] = (
                    missing("1/s", f"{left} not delivered in 600 s")
                    if left
                    else measured(round(throughput_events / seconds, 1), "1/s")
                )
            # Latency: one event at a time, each in its own transaction, the worker idle.
            for number in range(latency_events):
                _event(user, number, f"{run}-l")
                time.sleep(0.025)
            inbox = Notification.objects.filter(event__key__startswith=f"bench:{run}-l:")
            _wait(lambda: not inbox.filter(delivered_at__isnull=True).exists(), worker, 120)
            samples = [
                (delivered - created).total_seconds() * 1000
                for delivered, created in inbox.exclude(delivered_at__isnull=True).values_list(
                    "delivered_at", "event__created_at"
                )
            ]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        Event.objects.filter(key__startswith=f"bench:{run}").delete()
    figures: dict[str, Figure] = {
        "notify_in_app_per_second": rates["t"],
        "notify_in_app_backlog_per_second": rates["b"],
    }
    if len(samples) < latency_events:
        reason = f"{latency_events - len(samples)} not delivered in 120 s"
        figures["notify_event_to_inbox_p50_ms"] = missing("ms", reason)
        figures["notify_event_to_inbox_p95_ms"] = missing("ms", reason)
    else:
        figures["notify_event_to_inbox_p50_ms"] = measured(round(percentile(samples, 0.5), 1), "ms")
        figures["notify_event_to_inbox_p95_ms"] = measured(
            round(percentile(samples, 0.95), 1), "ms"
        )
    return figures
