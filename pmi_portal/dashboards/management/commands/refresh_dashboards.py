"""Rebuild the dashboards' summaries once, as Celery beat does every few minutes."""

from django.core.management.base import BaseCommand

from pmi_portal.dashboards.summaries import summaries_refresh


class Command(BaseCommand):
    help = (
        "Membangun ulang ringkasan dasbor sekali (tanpa Celery beat). / Rebuild the dashboards' "
        "summary tables once (without Celery beat)."
    )

    def handle(self, *args, **options):
        refresh = summaries_refresh(wait=True)
        self.stdout.write(
            f"summaries as of {refresh.as_of:%Y-%m-%d %H:%M:%S} in {refresh.seconds:.2f} s"
        )
