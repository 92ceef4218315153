"""The printable monthly report: the month's figures of the user's scope on one page."""

import pytest
from django.urls import reverse

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
