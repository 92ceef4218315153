"""The counter's registration form: a new agency is in its cached list at once (the lists
themselves: tests/web/test_long_lists.py)."""

import pytest
from django.core.cache import cache

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


def test_a_new_agency_is_listed_at_once(django_capture_on_commit_callbacks):
    rendered()

    with django_capture_on_commit_callbacks(execute=True):
        AgencyFactory(name="PT Karya Baru Sentosa")

    assert "PT Karya Baru Sentosa" in rendered()
