"""The notification tasks. Delivery tasks go to two queues (settings NOTIFY_QUEUE_*): in-app
deliveries are quick database writes; e-mail and webhooks wait on other servers, so they have
a queue and workers of their own and one slow gateway does not hold up the inboxes."""

from celery import shared_task

from pmi_portal.notifications import digest, services


@shared_task(
    name="notifications.deliver",
    ignore_result=True,
    acks_late=True,
    # A webhook waits at most NOTIFY_WEBHOOK_TIMEOUT; the limits only stop a stuck worker.
    soft_time_limit=60,
    time_limit=90,
)
def deliver(delivery_id: int) -> None:
    services.delivery_attempt(delivery_id)


@shared_task(name="notifications.deliver_in_app", ignore_result=True, acks_late=True, time_limit=60)
def deliver_in_app(delivery_ids: list[int]) -> None:
    services.in_app_deliver(delivery_ids)


@shared_task(name="notifications.sweep", ignore_result=True, time_limit=120)
def sweep() -> None:
    services.sweep()


@shared_task(name="notifications.scans", ignore_result=True, time_limit=240)
def scans() -> None:
    services.scans_run()


@shared_task(name="notifications.digest_tick", ignore_result=True, time_limit=600)
def digest_tick() -> None:
    digest.digests_due()
