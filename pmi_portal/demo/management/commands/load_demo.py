from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

from pmi_portal.demo.cases import demo_cases_load
from pmi_portal.demo.outreach import demo_outreach_load, demo_programmes_load
from pmi_portal.demo.registry import demo_registry_load
from pmi_portal.demo.returns import demo_returns_load
from pmi_portal.demo.service_quality import demo_service_quality_load
from pmi_portal.demo.targets import demo_targets_load
from pmi_portal.demo.users import DEMO_PASSWORD, demo_users_load
from pmi_portal.notifications.models import Notification
from pmi_portal.offices.models import Office


class Command(BaseCommand):
    help = (
        "Memuat pengguna dan data demo (idempoten). / Load the demo users and a small, "
        "realistic demo data set (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even when DEBUG is off (never on a production database)",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG mati: data demo tidak dimuat (pakai --force bila yakin). / "
                "DEBUG is off: demo data not loaded (use --force if you are sure)."
            )
        if not Office.objects.filter(code="hq").exists():
            raise CommandError(
                "Data referensi belum dimuat: jalankan load_reference dulu. / "
                "Reference data missing: run load_reference first."
            )
        # The demo's events notify the demo users in the portal; their e-mails, to made-up
        # addresses, are never sent, whatever EMAIL_URL says.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            users = demo_users_load()
            created = demo_registry_load()
            self.stdout.write(
                f"{created} pekerja demo baru dengan penempatannya / new demo workers."
            )
            returns = demo_returns_load()
            self.stdout.write(
                f"{returns} kedatangan dan pencegahan demo / demo arrivals and stops."
            )
            cases = demo_cases_load()
            self.stdout.write(f"{cases} kasus demo baru / new demo cases.")
            outreach = demo_outreach_load()
            self.stdout.write(f"{outreach} kegiatan sosialisasi demo / demo outreach activities.")
            programmes = demo_programmes_load()
            self.stdout.write(
                f"{programmes} program pemberdayaan demo / demo empowerment programmes."
            )
            quality = demo_service_quality_load()
            self.stdout.write(
                f"{quality} standar pelayanan dan jawaban SKM demo / demo service standards "
                "and SKM answers."
            )
            targets = demo_targets_load()
            self.stdout.write(f"{targets} target penempatan demo / demo placement targets.")
        told = Notification.objects.filter(user__in=users).count()
        self.stdout.write(f"{told} notifikasi demo / demo notifications.")
        self.stdout.write(f"Login demo (kata sandi / password: {DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(f"  {user.username:<18} {user.get_role_display():<32} {user.office}")
