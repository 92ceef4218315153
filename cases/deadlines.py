"""How long a case may stay in each state, per case type, counted in working days.

Working days skip Saturdays, Sundays, national holidays (libur nasional) and the joint leave
days of the civil service (cuti bersama), counted in the office's time zone. Their dates, set
by decree each year, come from the `holidays` package (pinned: a new year's decree arrives with
an upgrade).
"""

import datetime
import functools
import zoneinfo
from collections.abc import Callable

import holidays
from django.utils import timezone

from cases.models import CaseType, State

SATURDAY = 5
# Public holidays and, for government offices, the cuti bersama days.
HOLIDAY_CATEGORIES = (holidays.PUBLIC, holidays.GOVERNMENT)


@functools.cache
def _days_off(year: int) -> frozenset[datetime.date]:
    return frozenset(
        holidays.country_holidays("ID", years=year, categories=HOLIDAY_CATEGORIES).keys()
    )


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday, and neither a national holiday nor cuti bersama."""
    return day.weekday() < SATURDAY and day not in _days_off(day.year)


def add_working_days(start: datetime.datetime, days: int, tz=None) -> datetime.datetime:
    """`start` moved `days` working days on, at the same local time of day."""
    local = timezone.localtime(start, tz)
    moved = 0
    while moved < days:
        local = local + datetime.timedelta(days=1)
        if is_working_day(local.date()):
            moved += 1
    # Aware arithmetic in one zone keeps the wall-clock time of day.
    return local


# Working days per state; a type missing from TYPES follows DEFAULT. Trafficking and abuse
# move fastest: the victim may still be in the recruiter's hands.
DEFAULT = {
    State.REPORTED: 3,  # verify within three working days
    State.VERIFIED: 5,
    State.UNDER_INVESTIGATION: 20,
    State.REFERRED: 30,
    State.RESOLVED: 5,
}
TYPES: dict[str, dict[str, int]] = {
    CaseType.TRAFFICKING: {
        State.REPORTED: 1,
        State.VERIFIED: 2,
        State.UNDER_INVESTIGATION: 10,
        State.REFERRED: 30,
        State.RESOLVED: 5,
    },
    CaseType.ABUSE: {**DEFAULT, State.REPORTED: 1, State.VERIFIED: 2},
    CaseType.MISSING_CONTACT: {**DEFAULT, State.REPORTED: 2},
    CaseType.REPATRIATION_REQUEST: {**DEFAULT, State.REPORTED: 2},
}


def working_days_for(case_type: str, state: str) -> int | None:
    return TYPES.get(case_type, DEFAULT).get(state)


def _office_tz(case):
    name = getattr(getattr(case, "office", None), "timezone", "")
    return zoneinfo.ZoneInfo(name) if name else None


def state_deadline(state: str) -> Callable[[object, datetime.datetime], datetime.datetime | None]:
    """The deadline function of `state` for the workflow machine: by the case's type."""

    def due_at(case, entered: datetime.datetime) -> datetime.datetime | None:
        days = working_days_for(case.case_type, state)
        if days is None:
            return None
        return add_working_days(entered, days, _office_tz(case))

    return due_at
