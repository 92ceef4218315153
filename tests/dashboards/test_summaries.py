"""The dashboard reads summary tables: their figures equal those counted live from the records,
a refresh is all or nothing, and the command and the beat task rebuild them."""

import datetime
import random

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from cases.models import FINISHED_STATES, Case, CaseAgency
from placements.models import DepartureSummary, Placement
from pmi_portal.dashboards import summaries
from pmi_portal.dashboards.models import SummaryRefresh
from pmi_portal.dashboards.sections import Filters
from pmi_portal.dashboards.selectors import dashboard_figures
from pmi_portal.dashboards.summaries import summaries_refresh
from pmi_portal.dashboards.tasks import refresh
from returns.models import Arrival, ArrivalSummary, Category, Handover, Trouble
from tests.cases.factories import CaseFactory
from tests.dashboards.data import at, date
from tests.factories import AgencyFactory, PersonFactory, PlacementFactory, office
from tests.returns.factories import ArrivalFactory

pytestmark = pytest.mark.django_db
FILTERS = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 4, 1))
IN_BANTEN = Filters(start=FILTERS.start, end=FILTERS.end, province="36")


def _more_records():
    """Records spread over months, stages, countries, troubles and handovers by a fixed seed."""
    rng = random.Random(15)
    now = datetime.datetime.now(datetime.UTC)
    for _ in range(25):
        departed = rng.choice([None, date("2026-01-31"), date("2026-03-01"), date("2025-11-02")])
        PlacementFactory(
            worker=PersonFactory(
                sex=rng.choice("FM"), home_regency_id=rng.choice(["3673", "3604"])
            ),
            stage="working_abroad" if departed else rng.choice(["registered", "cancelled"]),
            departed_on=departed,
            created_at=at(rng.choice(["2025-12-31", "2026-01-01", "2026-03-31"])),
            destination_id=rng.choice(["TW", "HK", "MY"]),
        )
    for _ in range(20):
        troubled = rng.random() < 0.6
        ArrivalFactory(
            arrived_at=at(rng.choice(["2026-01-01", "2026-02-28", "2026-03-31", "2026-04-01"])),
            category=Category.TROUBLED if troubled else Category.REGULAR,
            troubles=rng.sample(Trouble.values, rng.randint(1, 3)) if troubled else [],
            from_country_id=rng.choice(["SA", "MY", "HK"]),
            handover=rng.choice(Handover.values),
            due_at=now + datetime.timedelta(days=rng.choice([-3, 2])),
        )
    for _ in range(15):
        case = CaseFactory(
            created_at=at(rng.choice(["2024-12-01", "2026-01-20", "2026-03-30"])),
            state=rng.choice(["reported", "under_investigation", "closed"]),
            due_at=now + datetime.timedelta(days=rng.choice([-1, 5])),
        )
        if rng.random() < 0.5:
            agency = AgencyFactory(name=rng.choice(["PT Satu", "PT Dua"]))
            CaseAgency.objects.create(case=case, agency=agency)


def _counted(queryset, field: str) -> dict:
    return {
        str(code) if code not in (None, "") else "-": n
        for code, n in queryset.values_list(field).annotate(n=Count("pk")).order_by()
    }


def _live(user, filters: Filters) -> dict:
    """A part of each section counted straight from the records, as the dashboard once did."""
    placements = Placement.objects.restrict(user).filter(filters.in_region("regency"))
    departed = placements.filter(filters.in_period("departed_on", dates=True))
    arrivals = Arrival.objects.restrict(user).filter(filters.in_region("regency"))
    period = arrivals.filter(filters.in_period("arrived_at"))
    troubled = period.filter(category=Category.TROUBLED)
    cases = Case.objects.restrict(user).filter(filters.in_region("regency"))
    open_now = cases.exclude(state__in=FINISHED_STATES)
    opened = cases.filter(filters.in_period("created_at"))
    return {
        "placements": {
            "departed": departed.count(),
            "registered": placements.filter(filters.in_period("created_at")).count(),
            "by_stage": _counted(placements, "stage"),
            "by_destination": _counted(departed, "destination"),
            "by_sex": _counted(departed, "worker__sex"),
            "by_month": {
                f"{month:%Y-%m}": n
                for month, n in departed.annotate(month=TruncMonth("departed_on"))
                .values_list("month")
                .annotate(n=Count("pk"))
            },
        },
        "returns": {
            "arrivals": period.count(),
            "troubled": troubled.count(),
            "handovers_waiting": arrivals.exclude(handover=Handover.RECEIVED).count(),
            "handovers_overdue": arrivals.exclude(handover=Handover.RECEIVED)
            .filter(due_at__lt=datetime.datetime.now(datetime.UTC))
            .count(),
            "by_country": _counted(period, "from_country"),
            "by_trouble": {
                code: troubled.filter(troubles__icontains=f'"{code}"').count()
                for code in Trouble.values
            },
        },
        "cases": {
            "opened": opened.count(),
            "open": open_now.count(),
            "overdue": open_now.filter(due_at__lt=datetime.datetime.now(datetime.UTC)).count(),
            "open_by_state": _counted(open_now, "state"),
            "open_by_type": _counted(open_now, "case_type"),
            "agencies": dict(
                CaseAgency.objects.filter(case__in=opened)
                .values_list("agency__name")
                .annotate(n=Count("case", distinct=True))
            ),
        },
    }


def _read(user, filters: Filters) -> dict:
    """The same keys as the dashboard answers them, from the summaries; zero rows left out."""
    answer = {
        section.key: section.as_json() for section in dashboard_figures(user, filters).sections
    }
    live = _live(user, filters)
    read = {}
    for section, keys in live.items():
        read[section] = {}
        for key, value in keys.items():
            got = answer[section][key]
            if isinstance(value, dict):
                got = {code: n for code, n in got.items() if n}
                keys[key] = {code: n for code, n in value.items() if n}
            read[section][key] = got
    return read, live


@pytest.mark.parametrize("filters", [FILTERS, IN_BANTEN], ids=["period", "banten"])
@pytest.mark.parametrize("who", ["serang", "pontianak", "national"])
def test_the_summaries_answer_what_the_records_count(data_set, heads, who, filters):
    _more_records()
    user = getattr(heads, who)

    read, live = _read(user, filters)

    assert read == live


def test_a_refresh_that_fails_leaves_the_last_summaries_whole(data_set, heads, monkeypatch):
    before = summaries_refresh()
    departures = sorted(DepartureSummary.objects.values_list("month", "destination", "records"))
    PlacementFactory(stage="departed", departed_on=date("2026-02-02"), destination_id="HK")
    failing = [*summaries.declared_summaries()]
    # Its column does not exist: the refresh fails after the others were rebuilt.
    failing.append(
        summaries.Summary(DepartureSummary, lambda now: Placement.objects.all(), ("no_such",))
    )
    monkeypatch.setattr(summaries, "declared_summaries", lambda: failing)

    with pytest.raises(FieldError):
        summaries_refresh()

    assert SummaryRefresh.objects.get().as_of == before.as_of
    after = sorted(DepartureSummary.objects.values_list("month", "destination", "records"))
    assert after == departures


def test_the_command_and_the_beat_task_refresh_the_summaries(data_set, capsys, in_process):
    call_command("refresh_dashboards")
    first = SummaryRefresh.objects.get()
    PlacementFactory(stage="departed", departed_on=date("2026-02-02"), office=office("upt-serang"))

    refresh.delay()

    second = SummaryRefresh.objects.get()
    assert "summaries as of" in capsys.readouterr().out
    assert second.as_of > first.as_of
    assert second.seconds is not None
    assert DepartureSummary.objects.filter(month=datetime.date(2026, 2, 1)).count() >= 1


@pytest.mark.parametrize("who", ["serang", "national"])
def test_sums_by_adds_up_each_set_as_sums_does_one_by_one(data_set, heads, who):
    _more_records()
    summaries_refresh()
    arrivals = ArrivalSummary.objects.restrict(getattr(heads, who))
    sets = ["month", "regency__province", ("category", "troubles"), ()]

    found = summaries.sums_by(arrivals, *sets)

    assert sorted(found["month",]) == sorted(summaries.sums(arrivals, "month"))
    assert sorted(found["regency__province",]) == sorted(
        summaries.sums(arrivals, "regency__province")
    )
    assert sorted(found["category", "troubles"]) == sorted(
        arrivals.values_list("category", "troubles").annotate(n=Sum("records")).order_by()
    )
    assert all(isinstance(troubles, list) for _c, troubles, _n in found["category", "troubles"])
    assert found[()] == [(summaries.total(arrivals),)] != [(0,)]


def test_sums_by_answers_nothing_for_a_user_who_may_not_see_the_records(data_set, heads):
    summaries_refresh()
    none = ArrivalSummary.objects.none()

    found = summaries.sums_by(none, "month", ())

    assert found == {("month",): [], (): [(0,)]}
