from django.core.management.base import BaseCommand, CommandError

from pmi_portal.access.services import role_groups_sync
from pmi_portal.offices.reference import ReferenceDataError, read_reference_data
from pmi_portal.offices.selectors import coverage_problems
from pmi_portal.offices.services import reference_data_load


class Command(BaseCommand):
    help = (
        "Memuat provinsi, kabupaten/kota dan kode lamanya, negara, kantor dan wilayah kerjanya "
        "(idempoten). / Load provinces, regencies/cities and their former codes, countries, "
        "offices and their working areas."
    )

    def handle(self, *args, **options):
        try:
            data = read_reference_data()
        except ReferenceDataError as error:
            raise CommandError(
                "Data referensi tidak valid, tidak ada yang dimuat / "
                "reference data is invalid, nothing was loaded:\n  " + "\n  ".join(error.problems)
            ) from None
        summary = reference_data_load(data=data)
        role_groups_sync()
        self.stdout.write(
            f"{summary.provinces} provinsi, {summary.regencies} kabupaten/kota, "
            f"{summary.former_regency_codes} kode lama kabupaten/kota, "
            f"{summary.countries} negara; {summary.offices_created} kantor baru, "
            f"{summary.regencies_assigned} kabupaten/kota masuk wilayah kerja."
        )
        problems = coverage_problems()
        if problems:
            raise CommandError(
                "Wilayah kerja belum lengkap / working areas have gaps:\n  " + "\n  ".join(problems)
            )
