"""The time of the summaries' last refresh, which every dashboard and home page reads, is kept
in the cache under a version each refresh renews: read once, then no query, and a refresh shows
at once."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from pmi_portal.dashboards.summaries import summaries_as_of, summaries_refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept_as_deployed(settings):
    settings.DASHBOARD_CACHE_SECONDS = 300
    settings.DASHBOARD_REFRESH_IN_PROCESS = False


def test_the_refresh_time_is_read_once_then_from_the_cache(
    kept_as_deployed, django_assert_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refreshed = summaries_refresh()
    assert summaries_as_of() == refreshed.as_of

    with django_assert_num_queries(0):
        assert summaries_as_of() == refreshed.as_of


def test_a_new_refresh_is_read_by_the_very_next_reader(
    kept_as_deployed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summaries_refresh()
    summaries_as_of()
    later = timezone.now() + datetime.timedelta(minutes=5)

    with django_capture_on_commit_callbacks(execute=True):
        summaries_refresh(now=later)

    assert summaries_as_of() == later


def test_a_refresh_rolled_back_leaves_the_kept_time(
    kept_as_deployed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = summaries_refresh()
    summaries_as_of()

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        summaries_refresh(now=first.as_of + datetime.timedelta(minutes=5))
        transaction.set_rollback(True)

    assert summaries_as_of() == first.as_of
