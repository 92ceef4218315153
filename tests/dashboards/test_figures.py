"""The dashboard's figures against counts made by hand on the fixed data set (conftest.py)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.dashboards.data import PERIOD, at

pytestmark = pytest.mark.django_db
API = "/api/v1/dashboard/"


def _ages_by_hand(opened_on: list[str]) -> dict[str, int]:
    """The age buckets of cases opened on these days (at 10:00, as data.py makes them), now."""
    ages = {"week": 0, "month": 0, "quarter": 0, "year": 0, "older": 0}
    for day in opened_on:
        days = (timezone.now() - at(day)).days
        if days < 7:
            ages["week"] += 1
        elif days < 30:
            ages["month"] += 1
        elif days < 90:
            ages["quarter"] += 1
        elif days < 365:
            ages["year"] += 1
        else:
            ages["older"] += 1
    return ages


@pytest.fixture
def figures_of(client, data_set):
    def ask(user, **query):
        client.force_login(user)
        response = client.get(API, {**PERIOD, **query})
        assert response.status_code == 200, response.content
        return response.json()

    return ask


def test_serang_head_sees_the_placements_of_serang_counted_by_hand(figures_of, heads):
    placements = figures_of(heads.serang)["placements"]

    assert placements["departed"] == 3
    assert placements["registered"] == 1
    assert placements["departed_in_year"] == 3
    assert placements["target"] == 10
    assert placements["target_reached_percent"] == 30
    assert placements["active"] == 5
    assert placements["by_stage"]["departed"] == 1
    assert placements["by_stage"]["working_abroad"] == 3
    assert placements["by_stage"]["registered"] == 1
    assert placements["by_stage"]["cancelled"] == 0
    assert placements["by_month"] == {"2026-01": 1, "2026-02": 2, "2026-03": 0}
    assert placements["by_scheme"] == {"p2p": 2, "g2g": 1}
    assert placements["by_destination"] == {"TW": 2, "KR": 1}
    assert placements["by_sector"] == {"informal": 2, "formal": 1}
    assert placements["by_sex"] == {"F": 2, "M": 1}
    assert placements["by_province"] == {"36": 3}


def test_serang_head_sees_the_returns_of_serang_counted_by_hand(figures_of, heads):
    returns = figures_of(heads.serang)["returns"]

    assert returns["arrivals"] == 3
    assert returns["troubled"] == 2
    assert returns["no_placement_on_record"] == 1
    assert returns["handovers_waiting"] == 2
    assert returns["handovers_overdue"] == 1
    assert returns["by_month"] == {"2026-01": 1, "2026-02": 2, "2026-03": 0}
    assert returns["by_category"] == {"regular": 1, "troubled": 2}
    assert {k: v for k, v in returns["by_trouble"].items() if v} == {
        "deported": 1,
        "unpaid_wages": 1,
        "sick": 1,
    }
    assert returns["by_country"] == {"MY": 2, "SA": 1}
    assert returns["by_province"] == {"36": 3}


def test_serang_head_sees_the_cases_of_serang_counted_by_hand(figures_of, heads):
    cases = figures_of(heads.serang)["cases"]

    assert cases["opened"] == 3
    assert cases["open"] == 2
    assert cases["overdue"] == 1
    assert cases["referrals"] == 1
    assert cases["convicted"] == 1
    assert cases["acquitted"] == 0
    assert cases["open_by_type"] == {"unlicensed_recruiter": 1, "trafficking": 1}
    assert {k: v for k, v in cases["open_by_state"].items() if v} == {
        "reported": 1,
        "under_investigation": 1,
    }
    assert cases["open_by_age"] == _ages_by_hand(["2026-01-10", "2026-02-01"])
    assert cases["referrals_by_institution"] == {"police": 1}
    assert cases["agencies"] == {"PT Sering Terlibat": 2}
    assert cases["recruiters"] == {"Budi Calo": 2}
    assert cases["by_province"] == {"36": 3}


def test_the_national_analyst_sees_both_offices_and_the_national_target(figures_of, heads):
    figures = figures_of(heads.national)

    assert figures["scope_level"] == "national"
    assert figures["placements"]["departed"] == 4
    assert figures["placements"]["by_province"] == {"36": 3, "61": 1}
    assert figures["placements"]["target"] == 100
    assert figures["placements"]["target_reached_percent"] == 4
    assert figures["returns"]["arrivals"] == 4
    assert figures["returns"]["by_trouble"]["trafficking"] == 1
    assert figures["cases"]["opened"] == 4


def test_a_province_narrows_the_national_figures_and_drops_the_target(figures_of, heads):
    figures = figures_of(heads.national, province="61")

    assert figures["filters"] == {
        "from": "2026-01",
        "to": "2026-03",
        "province": "61",
        "regency": None,
        "scheme": None,
        "destination": None,
        "category": None,
        "trouble": None,
    }
    assert figures["placements"]["departed"] == 1
    assert figures["placements"]["by_destination"] == {"MY": 1}
    assert figures["placements"]["target"] is None
    assert figures["returns"]["arrivals"] == 1
    assert figures["cases"]["opened"] == 1


def test_the_period_decides_what_is_counted(figures_of, heads):
    figures = figures_of(heads.serang, **{"from": "2026-02", "to": "2026-02"})

    assert figures["placements"]["departed"] == 2
    assert figures["placements"]["by_month"] == {"2026-02": 2}
    assert figures["returns"]["arrivals"] == 2
    assert figures["cases"]["opened"] == 2
    assert figures["cases"]["convicted"] == 0  # the verdict fell in March


def test_the_page_shows_the_figures_and_links_each_to_its_list(client, data_set, heads):
    client.force_login(heads.serang)

    response = client.get(reverse("dashboards:page"), PERIOD)
    page = response.content.decode()

    assert response.status_code == 200
    assert (
        'data-testid="figure-placements-departed">'
        '<a href="/registry/placements/?from=2026-01&amp;to=2026-03&amp;view=departed">3<'
    ) in page
    assert 'data-testid="figure-returns-handovers_overdue"><a href="/returns/?view=overdue">1<' in (
        page
    )
    assert 'href="/cases/?view=all&amp;state=under_investigation"' in page
    assert 'href="/cases/?view=office&amp;type=trafficking"' in page
    assert 'id="dashboard-charts" type="application/json"' in page
    assert "PT Sering Terlibat" in page
