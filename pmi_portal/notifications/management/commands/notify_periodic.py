"""What Celery beat runs for notifications, once, for a portal without beat (`make run`)."""

from django.core.management.base import BaseCommand

from pmi_portal.notifications import digest, services


class Command(BaseCommand):
    help = (
        "Menjalankan sekali pekerjaan berkala notifikasi (tanpa Celery beat). / Run the "
        "notifications' periodic work once: the apps' scans (overdue handovers, missed "
        "deadlines), digests, the sweep."
    )

    def handle(self, *args, **options):
        for path, told in services.scans_run().items():
            self.stdout.write(f"{path}: {told}")
        self.stdout.write(f"digests: {digest.digests_due()}")
        self.stdout.write(f"swept: {services.sweep()}")
