"""The heads' coverage: which regencies of the area had outreach in the period, and beside
those that had none, their departures, troubled returns and cases."""

import datetime

import pytest
from django.utils import timezone

from outreach.dashboard import section
from pmi_portal.access.roles import Role
from pmi_portal.dashboards.sections import Filters
from pmi_portal.dashboards.summaries import summaries_refresh
from pmi_portal.offices.models import Regency
from tests.cases.factories import CaseFactory
from tests.factories import PersonFactory, PlacementFactory, UserFactory, office
from tests.outreach.factories import ActivityFactory
from tests.returns.factories import ArrivalFactory

pytestmark = pytest.mark.django_db
BANTEN = {"3601", "3602", "3603", "3604", "3671", "3672", "3673", "3674"}


def _this_year() -> Filters:
    today = timezone.localdate()
    return Filters(start=datetime.date(today.year, 1, 1), end=datetime.date(today.year + 1, 1, 1))


def test_the_head_sees_the_regencies_without_outreach_beside_their_risks():
    head = UserFactory(username="kepala.serang", role=Role.OFFICE_HEAD)
    ActivityFactory(regency_id="3673", attendance=40)
    ActivityFactory(regency_id="3673", attendance=10, kind="school")
    ActivityFactory(regency_id=None, online=True, kind="online_live", attendance=300)
    lebak = PersonFactory(home_regency_id="3602")
    ArrivalFactory(person=lebak, category="troubled", troubles=["deported"])
    ArrivalFactory(person=PersonFactory(home_regency_id="3602"), category="regular")
    ArrivalFactory(category="troubled", troubles=["sick"])  # Kota Serang: reached
    CaseFactory(regency_id="3602")
    CaseFactory(regency_id="3602")
    PlacementFactory(
        worker=PersonFactory(home_regency_id="3601"),
        stage="departed",
        departed_on=timezone.localdate(),
    )

    summaries_refresh()  # the departures, returns and cases beside are read from the summaries

    figures = section(head, _this_year()).as_json()

    assert figures["activities"] == 3
    assert figures["attendance"] == 350
    assert figures["online"] == 1
    assert figures["regencies_covered"] == 1
    assert figures["regencies_uncovered"] == 7
    assert set(figures["by_regency"]) == BANTEN
    assert figures["by_regency"]["3673"] == 2
    assert figures["by_kind"] == {"village_meeting": 1, "school": 1, "online_live": 1}
    assert set(figures["uncovered_troubled_returns"]) == BANTEN - {"3673"}
    assert figures["uncovered_troubled_returns"]["3602"] == 1
    assert figures["uncovered_cases"]["3602"] == 2
    assert figures["uncovered_departures"]["3601"] == 1
    assert sum(figures["uncovered_departures"].values()) == 1


def test_serangs_outreach_does_not_count_in_pontianaks_area():
    ActivityFactory(regency_id="3673")
    head = UserFactory(
        username="kepala.pontianak", role=Role.OFFICE_HEAD, office=office("upt-pontianak")
    )

    figures = section(head, _this_year()).as_json()

    assert figures["activities"] == 0
    assert figures["regencies_uncovered"] == 14


def test_the_nation_sees_the_forty_regencies_with_the_most_beside_the_count_of_all():
    analyst = UserFactory(username="analis", role=Role.NATIONAL_ANALYST, office=office("hq"))
    ActivityFactory(regency_id="3673")
    for _ in range(3):
        CaseFactory(regency_id="6101")  # Sambas: the most cases of a regency not reached
    summaries_refresh()

    figures = section(analyst, _this_year()).as_json()

    assert figures["regencies_uncovered"] == Regency.objects.count() - 1
    assert len(figures["by_regency"]) == 40
    assert next(iter(figures["by_regency"])) == "3673"  # the most first
    assert len(figures["uncovered_cases"]) == 40
    assert next(iter(figures["uncovered_cases"].items())) == ("6101", 3)
