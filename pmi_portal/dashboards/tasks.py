"""The dashboards' periodic task: beat runs it every DASHBOARD_REFRESH_SECONDS."""

from celery import shared_task

from pmi_portal.dashboards.summaries import summaries_refresh


@shared_task(name="dashboards.refresh", ignore_result=True, time_limit=600)
def refresh() -> None:
    summaries_refresh()
