import time

import redis
from django.conf import settings

from pmi_portal.health.tasks import HEARTBEAT_KEY, worker_heartbeat


def test_a_real_worker_runs_the_heartbeat_sent_over_the_broker(real_celery_worker):
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(HEARTBEAT_KEY)

    worker_heartbeat.apply_async(queue=real_celery_worker.queue)

    deadline = time.monotonic() + 60
    while client.get(HEARTBEAT_KEY) is None and time.monotonic() < deadline:
        assert real_celery_worker.process.poll() is None, "the worker died"
        time.sleep(0.2)
    assert client.get(HEARTBEAT_KEY) is not None
