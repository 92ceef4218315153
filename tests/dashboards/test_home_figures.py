"""Counter, airport and case staff see the month's figures of their own area on their home
page, read from the dashboard's summaries; those with a dashboard see it there instead."""

import pytest
from django.urls import reverse
from django.utils import timezone

from pmi_portal.access.roles import Role
from tests.cases.factories import CaseFactory
from tests.dashboards.data import _pontianak_person
from tests.factories import PlacementFactory, UserFactory, office
from tests.returns.factories import ArrivalFactory

pytestmark = pytest.mark.django_db
HOME = reverse("home")


def _this_month():
    today = timezone.localdate()
    PlacementFactory(stage="departed", departed_on=today)
    PlacementFactory(worker=_pontianak_person(), stage="departed", departed_on=today)
    ArrivalFactory(category="troubled", troubles=["sick"])
    CaseFactory(state="reported")
    CaseFactory(state="reported", regency_id="6171", office=office("upt-pontianak"))


def _figures(response) -> dict:
    """The figures shown, by key (the keys of the three apps' panels do not overlap)."""
    sections = response.context["home_figures"].sections
    return {figure.key: figure.value for _title, figures in sections for figure in figures}


def test_a_counter_officer_sees_the_months_placements_of_their_area(client, heads):
    _this_month()
    client.force_login(heads.counter)

    response = client.get(HOME)
    figures = _figures(response)

    assert figures["departed"] == 1  # Serang's, not Pontianak's
    assert 'data-testid="home-figures"' in response.content.decode()


def test_a_case_handler_sees_the_open_cases_of_their_area_only(client):
    _this_month()
    handler = UserFactory(
        username="cases.pontianak.home", role=Role.CASE_HANDLER, office=office("upt-pontianak")
    )
    client.force_login(handler)

    figures = _figures(client.get(HOME))

    assert figures["open"] == 1


def test_an_airport_officer_sees_the_months_arrivals(client):
    _this_month()
    officer = UserFactory(username="airport.home", role=Role.AIRPORT_OFFICER)
    client.force_login(officer)

    figures = _figures(client.get(HOME))

    assert figures["arrivals"] == 1
    assert figures["troubled"] == 1


def test_a_head_has_the_dashboard_not_the_home_figures(client, heads):
    client.force_login(heads.serang)

    response = client.get(HOME)

    assert response.context["home_figures"] is None
    assert 'data-testid="home-figures"' not in response.content.decode()


def test_the_home_figures_are_those_of_the_last_refresh_kept_per_scope(
    client, settings, committed_refresh, heads
):
    settings.DASHBOARD_CACHE_SECONDS = 300
    settings.DASHBOARD_REFRESH_SECONDS = 300
    _this_month()
    client.force_login(heads.counter)
    first = _figures(client.get(HOME))

    PlacementFactory(stage="departed", departed_on=timezone.localdate())
    again = _figures(client.get(HOME))
    committed_refresh()
    refreshed = _figures(client.get(HOME))

    assert again == first
    assert refreshed["departed"] == first["departed"] + 1
