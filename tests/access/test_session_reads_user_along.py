"""On Redis a logged-in request reads its session and its user's cached row in one round trip
(access.sessions reads the row of the user the session named before, access.backends uses it
only for that user): the user is the one the session names, a change of the user reaches the
very next request, and a wrong guess costs only a second round trip."""

import os

import pytest
from django.core.cache import cache, caches
from django.test import Client

from pmi_portal.access import sessions
from pmi_portal.access.roles import Role
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from pmi_portal.web.cache import RedisCache, RedisCacheClient
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs the real Redis of REDIS_URL"),
]


@pytest.fixture(autouse=True)
def cached_sessions_and_users(settings):
    assert isinstance(caches["default"], RedisCache)
    settings.SESSION_ENGINE = "pmi_portal.access.sessions"
    settings.USER_CACHE_SECONDS = 300
    cache.delete(REFERENCE_GENERATION_KEY)
    sessions._USER_OF_SESSION.clear()


@pytest.fixture
def round_trips(monkeypatch):
    """The cache commands of a request, by the client method that sent them."""
    sent = []
    for method in ("get_touching", "get_touching_along", "get_many", "get"):
        original = getattr(RedisCacheClient, method)

        def spy(self, *args, _original=original, _method=method, **kwargs):
            sent.append(_method)
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(RedisCacheClient, method, spy)
    return sent


def shown_user(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_page_reads_its_session_and_user_in_one_round_trip(client, round_trips):
    client.force_login(UserFactory(first_name="Rina", last_name="Marlina"))
    shown_user(client)
    round_trips.clear()

    page = shown_user(client)

    # The user's row and their unread count came with the session: nothing more for them.
    assert round_trips == ["get_touching_along"]
    assert 'title="Rina Marlina"' in page


def test_the_user_read_along_is_the_user_saved_a_moment_ago(
    client, django_capture_on_commit_callbacks
):
    officer = UserFactory(first_name="Rina", last_name="Marlina")
    client.force_login(officer)
    shown_user(client)
    with django_capture_on_commit_callbacks(execute=True):
        officer.first_name = "Dewi"
        officer.save()

    page = shown_user(client)

    assert 'title="Dewi Marlina"' in page


def test_a_user_deactivated_is_logged_out_at_the_next_request_read_along(
    client, django_capture_on_commit_callbacks
):
    officer = UserFactory()
    client.force_login(officer)
    shown_user(client)
    with django_capture_on_commit_callbacks(execute=True):
        officer.is_active = False
        officer.save()

    assert client.get("/").status_code == 302


def test_a_wrong_guess_reads_the_sessions_own_user(client, round_trips):
    officer = UserFactory(first_name="Rina", last_name="Marlina", role=Role.COUNTER_OFFICER)
    other = UserFactory(first_name="Budi", last_name="Santoso")
    Client().force_login(other)
    client.force_login(officer)
    shown_user(client)
    sessions._USER_OF_SESSION[client.cookies["sessionid"].value] = other.pk
    round_trips.clear()

    page = shown_user(client)

    assert round_trips[:2] == ["get_touching_along", "get_many"]
    assert 'title="Rina Marlina"' in page
    assert "Budi" not in page
