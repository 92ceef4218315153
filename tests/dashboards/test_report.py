"""The printable monthly report: the month's figures of the user's scope on one page."""

import pytest
from django.urls import reverse

from pmi_portal.access.roles import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
REPORT = reverse("dashboards:report")


def test_the_monthly_report_holds_the_months_figures_of_the_scope(client, data_set, heads):
    client.force_login(heads.serang)

    response = client.get(REPORT, {"month": "2026-02"})
    sections = {section.key: section for section in response.context["figures"].sections}

    assert response.status_code == 200
    assert response.context["month"] == "2026-02"
    assert next(f.value for f in sections["placements"].figures if f.key == "departed") == 2
    assert next(f.value for f in sections["returns"].figures if f.key == "arrivals") == 2
    assert 'data-testid="monthly-report"' in response.content.decode()


def test_the_report_prints_at_most_five_rows_of_a_table(client, data_set, heads):
    client.force_login(heads.national)

    response = client.get(REPORT, {"month": "2026-02"})

    assert all(
        len(rows) <= 5 for _section, tables in response.context["tables"] for _t, rows in tables
    )


def test_a_bad_month_is_named_and_no_report_shown(client, heads):
    client.force_login(heads.serang)

    response = client.get(REPORT, {"month": "2026-13"})

    assert response.status_code == 400
    assert response.context["form"].errors.as_data()["month"][0].code == "invalid_month"
    assert 'data-testid="monthly-report"' not in response.content.decode()


def test_staff_without_the_dashboard_cannot_open_the_report(client, heads):
    client.force_login(heads.counter)

    assert client.get(REPORT).status_code == 403


def _departed(response) -> int:
    sections = {section.key: section for section in response.context["figures"].sections}
    return next(f.value for f in sections["placements"].figures if f.key == "departed")


def test_a_national_analyst_picks_one_offices_report(client, data_set, heads):
    client.force_login(heads.national)

    nationwide = client.get(REPORT, {"month": "2026-01"})
    pontianak = client.get(REPORT, {"month": "2026-01", "office": "upt-pontianak"})
    serang = client.get(REPORT, {"month": "2026-01", "office": "upt-serang"})

    assert _departed(nationwide) == 2
    assert _departed(pontianak) == _departed(serang) == 1
    assert pontianak.context["office"].code == "upt-pontianak"
    assert "UPT BP2MI Pontianak" in pontianak.content.decode()


def test_without_an_office_the_report_is_the_users_scope_as_before(client, data_set, heads):
    client.force_login(heads.national)

    response = client.get(REPORT, {"month": "2026-01", "office": ""})

    assert response.status_code == 200
    assert response.context["office"] == heads.national.office
    assert _departed(response) == 2


@pytest.mark.parametrize("role", [Role.OFFICE_HEAD, Role.REGIONAL_HEAD])
def test_an_office_outside_the_scope_is_refused_as_an_unknown_one(client, data_set, role):
    client.force_login(UserFactory(username="head.banten.laporan", role=role))

    outside = client.get(REPORT, {"month": "2026-01", "office": "upt-pontianak"})
    unknown = client.get(REPORT, {"month": "2026-01", "office": "upt-nowhere"})

    assert outside.status_code == unknown.status_code == 400
    assert outside.context["form"].errors.as_data()["office"][0].code == "invalid_choice"
    assert unknown.context["form"].errors.as_data()["office"][0].code == "invalid_choice"
    assert "Pontianak" not in outside.content.decode()
    assert 'data-testid="monthly-report"' not in outside.content.decode()


def test_an_office_head_reads_their_own_office_with_nothing_to_pick(client, data_set, heads):
    client.force_login(heads.serang)

    default = client.get(REPORT, {"month": "2026-01"})
    own = client.get(REPORT, {"month": "2026-01", "office": "upt-serang"})

    assert _departed(default) == _departed(own) == 1
    assert 'data-testid="report-office"' not in default.content.decode()
