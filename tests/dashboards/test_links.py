"""Every figure with a list of records behind it links to that list, scoped, with the
dashboard's filters: the list holds the records the figure counts."""

import pytest
from django.urls import reverse

from cases.models import Case
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

    # The list's rows are named tuples of what it shows; the office's code read from the case.
    offices = Case.objects.filter(pk__in=[case.pk for case in listed]).values_list(
        "office__code", flat=True
    )
    assert list(offices) == ["upt-pontianak"]


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


def _placements_listed(client, link) -> list:
    response = client.get(link)
    assert response.status_code == 200
    return list(response.context["placements"])


def test_the_departed_figure_links_to_the_placements_that_departed_in_the_period(
    client, data_set, heads
):
    client.force_login(heads.serang)
    placements = _figures(client)["placements"]
    departed = next(figure for figure in placements.figures if figure.key == "departed")

    listed = _placements_listed(client, departed.link)

    assert departed.link == "/registry/placements/?from=2026-01&to=2026-03&view=departed"
    assert len(listed) == departed.value == 3
    assert all(placement.departed_on.year == 2026 for placement in listed)


def test_the_registered_and_under_way_figures_list_what_they_count(client, data_set, heads):
    client.force_login(heads.serang)
    placements = _figures(client)["placements"]

    for key in ("registered", "active"):
        figure = next(figure for figure in placements.figures if figure.key == key)
        assert len(_placements_listed(client, figure.link)) == figure.value, key
    assert "from=" not in _link(placements, "active")


@pytest.mark.parametrize(
    ("table", "code", "expected"),
    [
        ("by_stage", "working_abroad", "stage=working_abroad"),
        ("by_month", "2026-02", "from=2026-02&to=2026-02"),
        ("by_scheme", "g2g", "scheme=g2g"),
        ("by_destination", "KR", "destination=KR"),
        ("by_sector", "formal", "sector=formal"),
        ("by_sex", "M", "sex=M"),
        ("by_province", "36", "province=36"),
    ],
)
def test_every_placements_table_row_links_to_the_placements_it_counts(
    client, data_set, heads, table, code, expected
):
    client.force_login(heads.serang)
    row = next(r for r in _figures(client)["placements"].table(table).rows if r.code == code)

    listed = _placements_listed(client, row.link)

    assert expected in row.link
    assert len(listed) == row.value > 0


def test_a_placements_link_keeps_the_scheme_and_destination_chosen(client, data_set, heads):
    client.force_login(heads.serang)
    placements = _figures(client, scheme="g2g", destination="KR")["placements"]

    link = _row_link(placements, "by_sex", "M")
    listed = _placements_listed(client, link)

    assert "scheme=g2g" in link
    assert "destination=KR" in link
    assert [(p.scheme, p.destination_id, p.worker.sex) for p in listed] == [("g2g", "KR", "M")]


def test_a_placements_link_followed_by_another_office_lists_only_its_own(client, data_set, heads):
    client.force_login(heads.serang)
    link = _link(_figures(client)["placements"], "departed")
    client.force_login(heads.pontianak)

    listed = _placements_listed(client, link)

    assert [placement.office.code for placement in listed] == ["upt-pontianak"]
