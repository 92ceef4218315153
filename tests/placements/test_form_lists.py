"""The counter's registration form: its long lists (regencies, destinations, agencies) rendered
once per language and version of the reference data, a new agency listed at once."""

import pytest
from django.core.cache import cache
from django.utils import translation

from placements.forms import PlacementForm, WorkerForm
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cached_lists(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


def rendered() -> str:
    worker, placement = WorkerForm(), PlacementForm(prefix="placement")
    return str(worker["home_regency"]) + str(placement["destination"]) + str(placement["agency"])


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_cached_lists_are_the_lists_built_from_the_rows(settings, language):
    AgencyFactory(name="PT Duta Samudera")
    with translation.override(language):
        settings.REFERENCE_OPTIONS_CACHE_SECONDS = 0
        built = rendered()
        settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
        rendered()
        cached = rendered()

    assert cached == built
    assert "PT Duta Samudera" in cached
    assert 'data-searchable=""' in cached


def test_a_new_agency_is_listed_at_once(django_capture_on_commit_callbacks):
    rendered()

    with django_capture_on_commit_callbacks(execute=True):
        AgencyFactory(name="PT Karya Baru Sentosa")

    assert "PT Karya Baru Sentosa" in rendered()
