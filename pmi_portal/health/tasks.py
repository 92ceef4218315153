"""The workers' heartbeat: beat sends it each minute, /healthz reads how old the last one is."""

import time

import redis
from celery import shared_task
from django.conf import settings

HEARTBEAT_KEY = "pmi:health:worker-heartbeat"
HEARTBEAT_EVERY_SECONDS = 60


@shared_task(name="health.worker_heartbeat", ignore_result=True, time_limit=10)
def worker_heartbeat() -> None:
    if settings.REDIS_URL is None:
        return
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
    try:
        client.set(HEARTBEAT_KEY, f"{time.time():.3f}", ex=HEARTBEAT_EVERY_SECONDS * 10)
    finally:
        client.close()
