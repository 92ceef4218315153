"""Writing regions and offices."""

import logging
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from redis.exceptions import RedisError

from pmi_portal.offices.models import Country, FormerRegencyCode, Office, Province, Regency
from pmi_portal.offices.reference import ReferenceData
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY

logger = logging.getLogger(__name__)


def reference_data_changed() -> None:
    """Regions, countries, offices or working areas may have changed: once the transaction
    commits, whatever was cached from them (the users' scopes, the forms' long lists) is
    stale. Model saves call it through signals (apps.py, and placements' for the agencies);
    bulk writes call it themselves."""

    def new_generation() -> None:
        try:
            cache.set(REFERENCE_GENERATION_KEY, time.time_ns(), None)
        except RedisError:
            logger.error(
                "cache unreachable: what was cached from the reference data stays until it expires",
                exc_info=True,
            )

    transaction.on_commit(new_generation)


@dataclass(frozen=True)
class LoadSummary:
    provinces: int
    regencies: int
    former_regency_codes: int
    countries: int
    offices_created: int
    regencies_assigned: int


@transaction.atomic
def reference_data_load(*, data: ReferenceData) -> LoadSummary:
    """Add what is missing and refresh official names; never undo an administrator's choice.

    Offices that exist keep their contact details, and a regency already in an office's working
    area stays there: coverage moved by an administrator survives a reload.
    """
    for row in data.provinces:
        Province.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    for row in data.regencies:
        Regency.objects.update_or_create(
            code=row["code"],
            defaults={
                "province_id": row["province_code"],
                "name": row["name"],
                "kind": row["kind"],
            },
        )
    for row in data.former_regencies:
        FormerRegencyCode.objects.update_or_create(
            code=row["former_code"], defaults={"regency_id": row["current_code"]}
        )
    for row in data.countries:
        Country.objects.update_or_create(
            code=row["code"],
            defaults={"code3": row["code3"], "name_id": row["name_id"], "name_en": row["name_en"]},
        )
    created = 0
    offices: dict[str, Office] = {}
    for row in data.offices:  # parents come before their children in the file
        office, was_created = Office.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "parent": offices.get(row["parent_code"]) or _office_or_none(row["parent_code"]),
                "timezone": row["timezone"],
                "email": row["email"],
                "phone": row["phone"],
                "city_id": row["city_regency_code"],
            },
        )
        offices[office.code] = office
        created += was_created
    assigned = 0
    for row in data.offices:
        provinces = [code for code in row["provinces"].split(";") if code]
        if provinces:
            assigned += Regency.objects.filter(
                province_id__in=provinces, office__isnull=True
            ).update(office=offices[row["code"]])
    reference_data_changed()
    return LoadSummary(
        provinces=Province.objects.count(),
        regencies=Regency.objects.count(),
        former_regency_codes=FormerRegencyCode.objects.count(),
        countries=Country.objects.count(),
        offices_created=created,
        regencies_assigned=assigned,
    )


def _office_or_none(code: str) -> Office | None:
    return Office.objects.filter(code=code).first() if code else None
