from celery import shared_task

from cases import notices


@shared_task(name="cases.deadline_scan", ignore_result=True, time_limit=240)
def deadline_scan() -> None:
    notices.deadlines_missed()
