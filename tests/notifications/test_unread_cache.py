"""The unread count beside the bell (notifications.selectors.unread_count), kept in the cache:
counted once, then read with no query until a notification reaches the inbox or is read, and
then counted anew by the very next page; a count taken before a delivery and kept after it is
never shown."""

import json

import pytest
from django.core.cache import cache
from django.db.models import QuerySet

from pmi_portal.access.backends import USER_CACHE, RoleBackend
from pmi_portal.notifications import selectors, services
from pmi_portal.notifications.models import Notification
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from pmi_portal.web import versioned
from pmi_portal.web.versioned import version_change
from returns import services as returns_services
from tests.notifications.conftest import flight, pontianak_returnee

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process")]


@pytest.fixture(autouse=True)
def unread_cache(settings, pontianak):
    settings.UNREAD_CACHE_SECONDS = 300
    # Nothing kept for these users' ids before (ids repeat from one test database to the next).
    pks = [user.pk for user in pontianak.values()]
    cache.delete_many(
        [f"{selectors.UNREAD_CACHE}-version:{pk}" for pk in pks]
        + [f"{selectors.UNREAD_CACHE}:{pk}" for pk in pks]
    )


def arrival_told(airport, django_capture_on_commit_callbacks, flight_number="QZ7511"):
    """A troubled arrival for Pontianak: its counter officer is told in the portal."""
    with django_capture_on_commit_callbacks(execute=True):
        returns_services.arrival_log(
            actor=airport,
            person_fields={"nik": pontianak_returnee().nik},
            arrival_fields=flight(flight_number=flight_number),
        )


def unread_of(client) -> int:
    return json.loads(client.get("/notifications/unread/").content)["unread"]


def test_the_count_is_read_from_the_cache_without_a_query(pontianak, django_assert_num_queries):
    counter = pontianak["counter"]
    assert selectors.unread_count(counter) == 0

    with django_assert_num_queries(0):
        assert selectors.unread_count(counter) == 0


def test_a_delivery_a_read_and_all_read_change_the_count_at_once(
    client, airport, pontianak, django_capture_on_commit_callbacks
):
    client.force_login(pontianak["counter"])
    assert unread_of(client) == 0

    arrival_told(airport, django_capture_on_commit_callbacks)
    assert unread_of(client) == 1
    page = client.get("/").content.decode()
    assert 'data-unread-count data-unread-url="/notifications/unread/">1' in page

    arrival_told(airport, django_capture_on_commit_callbacks, flight_number="GA0821")
    assert unread_of(client) == 2

    first = Notification.objects.filter(user=pontianak["counter"]).earliest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/notifications/{first.pk}/read/").status_code == 302
    assert unread_of(client) == 1

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/notifications/read-all/")
    assert unread_of(client) == 0


def test_one_users_reads_leave_anothers_count_as_it_is(
    client, airport, pontianak, django_capture_on_commit_callbacks
):
    arrival_told(airport, django_capture_on_commit_callbacks)
    head = pontianak["head"]
    heads_before = selectors.unread_count(head)

    with django_capture_on_commit_callbacks(execute=True):
        services.notifications_all_read(user=pontianak["counter"])

    assert selectors.unread_count(pontianak["counter"]) == 0
    assert selectors.unread_count(head) == heads_before


def test_a_count_taken_before_a_delivery_and_kept_after_it_is_never_shown(
    airport, pontianak, django_capture_on_commit_callbacks, monkeypatch
):
    counter = pontianak["counter"]
    assert selectors.unread_count(counter) == 0
    count = QuerySet.count
    delivered = []

    def counted_then_delivered(queryset):
        counted = count(queryset)
        if not delivered:  # another process delivers between the count and its keeping
            delivered.append(True)
            arrival_told(airport, django_capture_on_commit_callbacks)
        return counted

    with django_capture_on_commit_callbacks(execute=True):
        version_change(selectors.UNREAD_CACHE, [counter.pk])  # what is kept is old: count anew
    with monkeypatch.context() as patch:
        patch.setattr(QuerySet, "count", counted_then_delivered)
        assert selectors.unread_count(counter) == 0

    assert selectors.unread_count(counter) == 1


@pytest.fixture
def user_cache(settings):
    settings.USER_CACHE_SECONDS = 300
    # A version of the reference data of this test's own: no user another test kept is read.
    cache.delete(REFERENCE_GENERATION_KEY)


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys of each read of the cache (one round trip each), in order."""
    reads = []
    inside = []

    def counted(read, keys_of):
        def reading(keys, *args, **kwargs):
            if not inside:  # the memory cache's get_many asks its own get, key by key
                reads.append(keys_of(keys))
            inside.append(True)
            try:
                return read(keys, *args, **kwargs)
            finally:
                inside.pop()

        return reading

    monkeypatch.setattr(cache, "get_many", counted(cache.get_many, list))
    monkeypatch.setattr(cache, "get", counted(cache.get, lambda key: [key]))
    if hasattr(cache, "get_touching_along"):
        # On Redis the session's read brings the user's keys along (access.sessions).
        along = cache.get_touching_along

        def session_read(key, timeout, keys):
            reads.append([key, *keys])
            return along(key, timeout, keys)

        monkeypatch.setattr(cache, "get_touching_along", session_read)
    return reads


@pytest.mark.usefixtures("user_cache")
def test_the_count_comes_in_the_users_own_round_trip(pontianak, cache_reads):
    counter = pontianak["counter"]
    assert selectors.unread_count(RoleBackend().get_user(counter.pk)) == 0
    cache_reads.clear()

    user = RoleBackend().get_user(counter.pk)
    assert selectors.unread_count(user) == 0

    assert len(cache_reads) == 1
    assert f"{selectors.UNREAD_CACHE}:{counter.pk}" in cache_reads[0]


@pytest.mark.usefixtures("user_cache")
def test_a_page_reads_the_user_and_the_count_in_one_round_trip(client, pontianak, cache_reads):
    client.force_login(pontianak["counter"])
    client.get("/")
    cache_reads.clear()

    page = client.get("/").content.decode()

    assert 'data-unread-url="/notifications/unread/">0' in page
    unread_key = f"{selectors.UNREAD_CACHE}:{pontianak['counter'].pk}"
    assert [keys for keys in cache_reads if unread_key in keys] == [
        keys for keys in cache_reads if f"{USER_CACHE}:{pontianak['counter'].pk}" in keys
    ]
    assert len([keys for keys in cache_reads if unread_key in keys]) == 1


@pytest.mark.usefixtures("user_cache")
def test_a_delivery_after_the_user_was_read_is_counted_by_the_same_request(
    airport, pontianak, django_capture_on_commit_callbacks
):
    counter = pontianak["counter"]
    assert selectors.unread_count(RoleBackend().get_user(counter.pk)) == 0
    user = RoleBackend().get_user(counter.pk)

    arrival_told(airport, django_capture_on_commit_callbacks)

    assert selectors.unread_count(user) == 1


@pytest.mark.usefixtures("user_cache")
def test_a_delivery_by_another_process_is_counted_by_the_next_request(
    airport, pontianak, django_capture_on_commit_callbacks, monkeypatch
):
    counter = pontianak["counter"]
    assert selectors.unread_count(RoleBackend().get_user(counter.pk)) == 0
    changes_before = versioned._changes_made

    arrival_told(airport, django_capture_on_commit_callbacks)
    # As if another process had delivered it: this one changed no version itself.
    monkeypatch.setattr(versioned, "_changes_made", changes_before)

    assert selectors.unread_count(RoleBackend().get_user(counter.pk)) == 1
