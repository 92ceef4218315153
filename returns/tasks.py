from celery import shared_task

from returns import notices


@shared_task(name="returns.handover_overdue_scan", ignore_result=True, time_limit=240)
def handover_overdue_scan() -> None:
    notices.handovers_overdue()
