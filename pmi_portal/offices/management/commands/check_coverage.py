from django.core.management.base import BaseCommand, CommandError

from pmi_portal.offices.selectors import coverage_problems


class Command(BaseCommand):
    help = (
        "Melaporkan kabupaten/kota tanpa kantor penanggung jawab. / "
        "Report regencies that no office covers and regional offices without an area."
    )

    def handle(self, *args, **options):
        problems = coverage_problems()
        if problems:
            raise CommandError(
                "Wilayah kerja belum lengkap / working areas have gaps:\n  " + "\n  ".join(problems)
            )
        self.stdout.write(
            "Setiap kabupaten/kota punya satu kantor. / Every regency has one office."
        )
