import pytest
from django.core.cache import cache, caches

from pmi_portal.dashboards.summaries import AS_OF_CACHE, summaries_refresh
from pmi_portal.web.versioned import version_key
from tests.dashboards.data import Heads, make_data_set, make_heads


@pytest.fixture
def heads(db) -> Heads:
    return make_heads()


@pytest.fixture
def data_set(db):
    make_data_set()


@pytest.fixture
def committed_refresh(django_capture_on_commit_callbacks):
    """summaries_refresh as the beat runs it: committed, so that what was kept of the last
    refresh's time (AS_OF_CACHE) is renewed."""

    def refresh(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return summaries_refresh(**kwargs)

    return refresh


@pytest.fixture(autouse=True)
def refresh_time_forgotten():
    """Each test's database starts unrefreshed: the refresh time a test before kept (the cache
    outlives its rolled-back rows) is forgotten."""
    cache.delete_many([version_key(AS_OF_CACHE, 1), f"{AS_OF_CACHE}:1"])
    caches["pages"].clear()
