"""Placement targets for the demo's dashboards: the national one of the agency's last published
year (300,000 for 2024), carried to this year and the last, and small made-up targets for the
two demo offices, so that the demo heads see their progress against something."""

from django.utils import timezone

from pmi_portal.dashboards.models import Target
from pmi_portal.offices.models import Office

NATIONAL = 300_000
# Made up for the demo: a share of the national target for each demo office's area.
OFFICES = {"upt-serang": 12_000, "upt-pontianak": 4_000}


def demo_targets_load() -> int:
    """Set the targets (idempotent); returns how many were new."""
    year = timezone.localdate().year
    created = 0
    for target_year in (year - 1, year):
        _target, new = Target.objects.get_or_create(
            year=target_year, office=None, defaults={"placements": NATIONAL}
        )
        created += new
        for code, placements in OFFICES.items():
            _target, new = Target.objects.get_or_create(
                year=target_year,
                office=Office.objects.get(code=code),
                defaults={"placements": placements},
            )
            created += new
    return created
