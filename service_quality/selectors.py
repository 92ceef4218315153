"""Reads of service quality: the published standards (public), and the SKM index of the
answers in the user's scope, per element and per period."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from pmi_portal.access.scoping import scope_key
from pmi_portal.offices.models import Office
from pmi_portal.offices.selectors import OfficeName, office_names
from pmi_portal.web.kept_sql import kept_rows
from service_quality.ikm import Index, index_of
from service_quality.models import (
    ELEMENT_CODES,
    CounterService,
    ServiceStandard,
    ServiceTime,
    SurveyAnswer,
)


def published_standards(office: Office) -> QuerySet[ServiceStandard]:
    """An office's standards as the public page shows them: public by law, no scope."""
    return ServiceStandard.objects.filter(office=office).order_by("service")


def standards_for(user) -> dict[str, ServiceStandard]:
    """The standards of the user's own office, by service."""
    standards = ServiceStandard.objects.restrict(user).filter(office=user.office)
    return {standard.service: standard for standard in standards}


@dataclass(frozen=True)
class Period:
    code: str  # "2026", "2026-Q1"
    label: str
    start: datetime.date
    end: datetime.date  # the day after


def periods_of(year: int) -> list[Period]:
    """The year's four quarters (triwulan) and the whole year."""
    quarters = [
        Period(
            f"{year}-Q{n}",
            _("Quarter %(n)d") % {"n": n},
            datetime.date(year, 3 * n - 2, 1),
            datetime.date(year + (n == 4), 1 if n == 4 else 3 * n + 1, 1),
        )
        for n in range(1, 5)
    ]
    return [
        *quarters,
        Period(str(year), _("Year %(year)d") % {"year": year}, quarters[0].start, quarters[3].end),
    ]


def answers_for(user, *, office: Office | None = None) -> QuerySet[SurveyAnswer]:
    answers = SurveyAnswer.objects.restrict(user)
    return answers.filter(office=office) if office is not None else answers


def index_by_period(answers: QuerySet[SurveyAnswer], periods: list[Period]) -> dict[str, Index]:
    """The index of each period (whole months)."""
    return indexes_of(answers, periods)[0]


def monthly_sums(
    answers: QuerySet[SurveyAnswer], *, start: datetime.date, end: datetime.date
) -> QuerySet:
    """(month, office id, answers, sum of u1, ..., sum of u9) per month and office of the
    answers from `start` to the day before `end`."""
    return (
        answers.filter(answered_on__gte=start, answered_on__lt=end)
        .annotate(month=TruncMonth("answered_on"))
        # values() first, so that the sums group by month and office: aggregates named in
        # values_list() alone group by the answer, a row per answer.
        .values("month", "office")
        .annotate(answers=Count("pk"), **{f"sum_{code}": Sum(code) for code in ELEMENT_CODES})
        .values_list("month", "office", "answers", *(f"sum_{code}" for code in ELEMENT_CODES))
        .order_by()
    )


def indexes_of(
    answers: QuerySet[SurveyAnswer], periods: list[Period]
) -> tuple[dict[str, Index], list[tuple[OfficeName, Index]]]:
    """The index of each period (whole months) and, by name, of each office with answers in
    the last period (the year), from one query of sums and counts per month and office (the
    offices' names kept with the reference data): a filtered sum per element and period made a
    query of fifty aggregates, slow to build, and a second grouped query for the offices cost
    another millisecond of Python."""
    start, end = _span(periods)
    return _indexes(monthly_sums(answers, start=start, end=end), periods)


def indexes_in_scope(
    user, periods: list[Period]
) -> tuple[dict[str, Index], list[tuple[OfficeName, Index]]]:
    """indexes_of the answers in `user`'s scope, its SQL kept per scope and span (kept_rows):
    building and compiling the query of sums cost the SKM page a millisecond a request."""
    start, end = _span(periods)
    rows = kept_rows(
        ("skm.sums", scope_key(user, SurveyAnswer), start, end),
        lambda: monthly_sums(answers_for(user), start=start, end=end),
    )
    return _indexes(rows, periods)


def _span(periods: list[Period]) -> tuple[datetime.date, datetime.date]:
    return min(period.start for period in periods), max(period.end for period in periods)


def _indexes(
    rows, periods: list[Period]
) -> tuple[dict[str, Index], list[tuple[OfficeName, Index]]]:
    last = periods[-1]
    by_period = {period.code: [0] * (len(ELEMENT_CODES) + 1) for period in periods}
    by_office: dict[int, list[int]] = {}
    for month, office, *sums in rows:
        for period in periods:
            if period.start <= month < period.end:
                _add(by_period[period.code], sums)
        if last.start <= month < last.end:
            _add(by_office.setdefault(office, [0] * (len(ELEMENT_CODES) + 1)), sums)
    offices = office_names()
    found = [(offices[office], _index(sums)) for office, sums in by_office.items()]
    return (
        {period: _index(sums) for period, sums in by_period.items()},
        sorted(found, key=lambda pair: pair[0].name),
    )


def _add(totals: list[int], sums: list[int]) -> None:
    for position, value in enumerate(sums):
        totals[position] += value or 0


def _index(sums: list[int]) -> Index:
    """The index of [count, sum of u1, ..., sum of u9]."""
    return index_of(dict(zip(ELEMENT_CODES, sums[1:], strict=True)), sums[0])


@dataclass(frozen=True)
class TimeSummary:
    office: Office
    service: str
    service_label: str
    measured: int
    median_minutes: float
    slowest_tenth_minutes: float  # 90th percentile
    promised_minutes: int | None  # None: no standard published
    within_promise_percent: int | None


def _percentile(ordered: list[int], share: float) -> float:
    """The nearest-rank percentile of an ordered list of seconds, in minutes."""
    rank = max(1, math.ceil(share * len(ordered)))
    return round(ordered[rank - 1] / 60, 1)


def service_time_summary(user, period: Period) -> list[TimeSummary]:
    """Per office and service of the user's scope: the services measured in the period, their
    median and 90th-percentile time, and the share done within the published promise."""
    seconds: dict[tuple[int, str], list[int]] = defaultdict(list)
    zone = timezone.get_current_timezone()
    measured = ServiceTime.objects.restrict(user).filter(
        finished_at__gte=datetime.datetime.combine(period.start, datetime.time(), tzinfo=zone),
        finished_at__lt=datetime.datetime.combine(period.end, datetime.time(), tzinfo=zone),
    )
    for office_id, service, duration in measured.values_list("office", "service", "seconds"):
        seconds[(office_id, service)].append(duration)
    offices = Office.objects.in_bulk({office_id for office_id, _service in seconds})
    promised = {
        (standard.office_id, standard.service): standard.promised_minutes
        for standard in ServiceStandard.objects.filter(office__in=offices)
    }
    labels = dict(CounterService.choices)
    summaries = []
    for (office_id, service), durations in seconds.items():
        durations.sort()
        promise = promised.get((office_id, service))
        within = (
            round(100 * sum(d <= promise * 60 for d in durations) / len(durations))
            if promise
            else None
        )
        summaries.append(
            TimeSummary(
                office=offices[office_id],
                service=service,
                service_label=str(labels[service]),
                measured=len(durations),
                median_minutes=_percentile(durations, 0.5),
                slowest_tenth_minutes=_percentile(durations, 0.9),
                promised_minutes=promise,
                within_promise_percent=within,
            )
        )
    return sorted(summaries, key=lambda summary: (summary.office.name, summary.service))
