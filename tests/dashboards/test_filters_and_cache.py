"""Bad filters answer 400 with a code; the figures are those of the summaries' last refresh,
kept per scope and filters."""

import re

import pytest
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import timezone

from placements.models import Placement
from tests.dashboards.data import PERIOD
from tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db
API = "/api/v1/dashboard/"


@pytest.mark.parametrize(
    ("query", "attr", "code"),
    [
        ({"from": "2026-13"}, "from", "invalid_month"),
        ({"from": "januari"}, "from", "invalid_month"),
        ({"to": "1999-12"}, "to", "invalid_month"),
        ({"from": "2026-03", "to": "2026-01"}, "to", "period_reversed"),
        ({"from": "2010-01", "to": "2026-01"}, "to", "period_too_long"),
        ({"province": "99"}, "province", "invalid_choice"),
        ({"province": ""}, "province", "blank"),
        ({"from": ""}, "from", "blank"),
    ],
)
def test_a_bad_filter_answers_400_with_its_code(client, heads, query, attr, code):
    client.force_login(heads.national)

    response = client.get(API, query)

    assert response.status_code == 400
    assert [(e["attr"], e["code"]) for e in response.json()["errors"]] == [(attr, code)]


def test_the_page_names_a_bad_filter_beside_its_field(client, heads):
    client.force_login(heads.serang)

    response = client.get(reverse("dashboards:page"), {"from": "2026-03", "to": "2026-01"})

    assert response.status_code == 400
    assert response.context["form"].error_codes() == {"to": ["period_reversed"]}
    assert 'id="id_to-error"' in response.content.decode()


def test_an_empty_filter_on_the_page_means_the_default_period(client, heads):
    client.force_login(heads.serang)

    response = client.get(reverse("dashboards:page"), {"from": "", "to": "", "province": ""})

    assert response.status_code == 200
    assert response.context["filters"].province is None


def test_figures_are_those_of_the_last_refresh_and_say_how_old_they_are(
    client, settings, committed_refresh, data_set, heads
):
    settings.DASHBOARD_CACHE_SECONDS = 300
    settings.DASHBOARD_REFRESH_SECONDS = 300
    client.force_login(heads.serang)
    first = client.get(API, PERIOD).json()

    Placement.objects.filter(stage="registered").update(stage="selection")
    PlacementFactory(stage="registered")
    again = client.get(API, PERIOD).json()
    other_period = client.get(API, {**PERIOD, "to": "2026-04"}).json()
    refresh = committed_refresh()
    refreshed = client.get(API, PERIOD).json()

    assert again == first
    assert other_period["as_of"] == first["as_of"]
    assert other_period["placements"]["by_stage"] == first["placements"]["by_stage"]
    assert refreshed["as_of"] == timezone.localtime(refresh.as_of).isoformat()
    assert refreshed["placements"]["by_stage"]["registered"] == 1
    assert refreshed["placements"]["by_stage"]["selection"] == 1
    page = client.get(reverse("dashboards:page"), PERIOD).content.decode()
    assert 'data-testid="as-of"' in page


def test_the_cache_is_not_shared_between_scopes(client, settings, data_set, heads):
    settings.DASHBOARD_CACHE_SECONDS = 300
    client.force_login(heads.serang)
    serang = client.get(API, PERIOD).json()
    client.force_login(heads.pontianak)
    pontianak = client.get(API, PERIOD).json()

    assert serang["placements"]["departed"] == 3
    assert pontianak["placements"]["departed"] == 1


def test_the_rendered_figures_are_kept_per_scope_measure_and_refresh(
    client, settings, committed_refresh, data_set, heads
):
    settings.DASHBOARD_CACHE_SECONDS = 300
    settings.DASHBOARD_REFRESH_SECONDS = 300
    page = reverse("dashboards:page")
    client.force_login(heads.serang)
    serang = client.get(page, PERIOD)
    rendered = [t.name for t in serang.templates]
    kept = client.get(page, PERIOD)
    by_cases = client.get(page, {**PERIOD, "measure": "cases"})
    client.force_login(heads.pontianak)
    pontianak = client.get(page, PERIOD)
    PlacementFactory(stage="registered")
    committed_refresh()
    client.force_login(heads.serang)
    refreshed = client.get(page, PERIOD)

    def figure(response, key):
        html = response.content.decode().split(f'data-testid="figure-{key}">')[1]
        return re.sub(r"<[^>]+>", "", html.split("</div>")[0])

    assert "dashboards/_figures.html" in rendered
    assert "dashboards/_figures.html" not in [t.name for t in kept.templates]
    assert figure(kept, "placements-departed") == "3"
    assert "dashboards/_figures.html" in [t.name for t in by_cases.templates]
    assert figure(serang, "placements-departed") == "3"
    assert figure(pontianak, "placements-departed") == "1"
    assert "dashboards/_figures.html" in [t.name for t in refreshed.templates]


def test_the_rendered_figures_answer_from_the_process_without_the_shared_cache(
    client, settings, committed_refresh, data_set, heads, monkeypatch
):
    """The page's rendered figures (up to ~110 KB) are kept in the process's memory too: the
    next view of the same scope, filters and refresh does not fetch them from Redis; another
    process (its own memory empty) finds them there without rendering; a refresh is a new key,
    rendered anew."""
    settings.DASHBOARD_CACHE_SECONDS = 300
    settings.DASHBOARD_REFRESH_SECONDS = 300
    page = reverse("dashboards:page")
    client.force_login(heads.serang)
    first = client.get(page, PERIOD)
    asked = []
    get = cache.get
    monkeypatch.setattr(cache, "get", lambda key, *a, **k: asked.append(key) or get(key, *a, **k))

    again = client.get(page, PERIOD)
    asked_again = [key for key in asked if key.endswith(":html:")]
    caches["pages"].clear()  # as another process would start
    elsewhere = client.get(page, PERIOD)
    PlacementFactory(stage="registered")
    committed_refresh()
    refreshed = client.get(page, PERIOD)

    def shown(response):  # the page from its filters on (the head holds per-request tokens)
        return response.content.split(b'data-testid="dashboard-filters"')[1]

    figures = "dashboards/_figures.html"
    assert figures in [t.name for t in first.templates]
    assert shown(again) == shown(first)
    assert figures not in [t.name for t in again.templates]
    assert asked_again == []
    html_keys = [key for key in asked if key.endswith(":html:")]
    assert len(html_keys) == 2 and html_keys[0] != html_keys[1]  # elsewhere's, the refresh's
    assert shown(elsewhere) == shown(first)
    assert figures not in [t.name for t in elsewhere.templates]
    assert figures in [t.name for t in refreshed.templates]


def test_the_map_has_every_province_and_dashes_outside_the_area(client, data_set, heads):
    client.force_login(heads.serang)

    response = client.get(reverse("dashboards:page"), {**PERIOD, "measure": "returns"})
    tiles = {tile.code: tile for tile in response.context["map"]["tiles"]}

    assert len(tiles) == 38
    assert tiles["36"].value == 3
    assert tiles["61"].value is None
    assert response.context["map"]["measure"] == "returns"


def test_the_filter_lists_are_kept_per_scope_and_follow_a_change_of_the_regions(
    heads, settings, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from pmi_portal.dashboards.forms import DashboardFilterForm
    from pmi_portal.offices.models import Regency
    from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY

    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read

    def regencies(user) -> dict[str, str]:
        return dict(DashboardFilterForm({}, user=user).fields["regency"].choices[1:])

    serang, pontianak = regencies(heads.serang), regencies(heads.pontianak)
    national = regencies(heads.national)
    assert regencies(heads.serang) == serang  # read again, from the cache
    with django_capture_on_commit_callbacks(execute=True):
        Regency.objects.filter(code="3673").update(name="Kota Serang Baru")
        from pmi_portal.offices.services import reference_data_changed

        reference_data_changed()

    assert "3673" in serang and "3673" not in pontianak
    assert set(serang) | set(pontianak) <= set(national)
    assert regencies(heads.serang)["3673"] == "Kota Serang Baru"


def test_a_kept_page_is_shown_without_reading_its_figures_and_a_refresh_redraws_it(
    client, settings, committed_refresh, data_set, heads, monkeypatch
):
    from pmi_portal.dashboards import selectors

    settings.DASHBOARD_CACHE_SECONDS = 300
    settings.DASHBOARD_REFRESH_SECONDS = 300
    client.force_login(heads.serang)
    first = client.get(reverse("dashboards:page"), PERIOD).content.decode()
    read = selectors.dashboard_figures

    def not_read(*args, **kwargs):
        raise AssertionError("the figures were read for a kept page")

    monkeypatch.setattr(selectors, "dashboard_figures", not_read)
    kept = client.get(reverse("dashboards:page"), PERIOD).content.decode()
    monkeypatch.setattr(selectors, "dashboard_figures", read)
    Placement.objects.filter(stage="registered").update(stage="selection")
    committed_refresh()
    refreshed = client.get(reverse("dashboards:page"), PERIOD).content.decode()

    def figures_part(page: str) -> str:
        return page[page.index('data-testid="as-of"') :]

    assert figures_part(kept) == figures_part(first)
    assert figures_part(refreshed) != figures_part(first)
