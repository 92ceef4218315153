"""Every figure with a list of records behind it links to that list, scoped, with the
dashboard's filters: the list holds the records the figure counts."""

import pytest
from django.urls import reverse

from tests.dashboards.data import PERIOD

pytestmark = pytest.mark.django_db


def _figures(client, **query):
    response = client.get(reverse("dashboards:page"), {**PERIOD, **query})
    return {section.key: section for section in response.context["figures"].sections}


def _link(section, key):
    return next(figure.link for figure in section.figures if figure.key == key)


def _row_link(section, table, code):
    return next(row.link for row in section.table(table).rows if row.code == code)


def test_the_troubled_returns_link_to_the_troubled_arrivals_of_the_period(client, data_set, heads):
    client.force_login(heads.serang)
    returns = _figures(client)["returns"]

    link = _link(returns, "troubled")
    listed = client.get(link).context["arrivals"]

    assert link == "/returns/?view=all&from=2026-01&to=2026-03&category=troubled"
    assert len(listed) == 2
    assert {arrival.category for arrival in listed} == {"troubled"}


def test_a_row_links_to_its_code_with_the_filters_chosen(client, data_set, heads):
    client.force_login(heads.serang)
    returns = _figures(client, destination="SA")["returns"]

    link = _row_link(returns, "by_trouble", "deported")
    listed = client.get(link).context["arrivals"]

    assert "destination=SA" in link
    assert "trouble=deported" in link
    assert [arrival.from_country_id for arrival in listed] == ["SA"]


def test_the_cases_opened_link_lists_the_cases_it_counts(client, data_set, heads):
    client.force_login(heads.serang)
    cases = _figures(client, **{"from": "2026-02", "to": "2026-02"})["cases"]

    opened = next(figure for figure in cases.figures if figure.key == "opened")
    listed = client.get(opened.link).context["cases"]

    assert opened.link == "/cases/?from=2026-02&to=2026-02&view=all"
    assert len(listed) == opened.value == 2


def test_a_link_followed_by_another_office_lists_only_its_own_records(client, data_set, heads):
    client.force_login(heads.serang)
    link = _link(_figures(client)["cases"], "opened")
    client.force_login(heads.pontianak)

    listed = client.get(link).context["cases"]

    assert [case.office.code for case in listed] == ["upt-pontianak"]


@pytest.mark.parametrize("path", ["/returns/", "/cases/"])
def test_a_list_refuses_a_province_outside_the_scope_as_if_it_did_not_exist(
    client, data_set, heads, path
):
    client.force_login(heads.serang)

    outside = client.get(path, {"view": "all", "province": "61"})
    unknown = client.get(path, {"view": "all", "province": "99"})

    assert outside.status_code == unknown.status_code == 400
    assert outside.context["filter_form"].error_codes() == {"province": ["invalid_choice"]}
    assert list(outside.context.get("arrivals", outside.context.get("cases"))) == []
    assert 'data-testid="records-filters"' in outside.content.decode()
