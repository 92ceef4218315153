"""Sessions in the cache with the database as their lasting copy (pmi_portal/access/sessions.py):
the idle logout stays exact from the last request, a page view writes no row, and Redis down
logs nobody out. They run on the cache the settings give (Redis in CI, memory otherwise)."""

import contextlib
import os
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.contrib.sessions.models import Session
from django.test import override_settings

from pmi_portal.access.sessions import SessionStore
from tests.factories import UserFactory
from tests.settings.test_environment import manage

pytestmark = pytest.mark.django_db

# Where no Redis listens, as when the server is down.
DEAD_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def cached_sessions(settings):
    settings.SESSION_ENGINE = "pmi_portal.access.sessions"
    settings.SESSION_DB_REFRESH_SECONDS = 60


@pytest.fixture
def officer_client(client, cached_sessions):
    client.force_login(UserFactory())
    return client


def session_row(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


@contextlib.contextmanager
def redis_down(settings):
    dead = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": DEAD_REDIS,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    with override_settings(CACHES={**settings.CACHES, "default": dead}):
        yield


def test_a_page_view_writes_no_session_row_while_only_the_expiry_moves(officer_client):
    assert officer_client.get("/").status_code == 200
    expires = session_row(officer_client).expire_date

    assert officer_client.get("/").status_code == 200

    assert session_row(officer_client).expire_date == expires


def test_the_row_catches_up_once_its_expiry_lags_by_the_refresh_interval(officer_client, settings):
    officer_client.get("/")
    expires = session_row(officer_client).expire_date
    settings.SESSION_DB_REFRESH_SECONDS = 0

    officer_client.get("/")

    assert session_row(officer_client).expire_date > expires


def _saved_then_changed() -> str:
    """A session saved, then loaded again and changed; its key."""
    session = SessionStore()
    session["office"] = "upt-serang"
    session.save()
    session = SessionStore(session.session_key)
    session["language"] = "en"
    session.save()
    return session.session_key


def test_a_change_to_the_session_is_written_to_the_database_at_once(cached_sessions):
    kept = DatabaseStore(_saved_then_changed()).load()

    assert kept == {"office": "upt-serang", "language": "en"}


def test_the_idle_logout_counts_from_the_last_request_not_the_last_row_write(
    officer_client, settings
):
    settings.SESSION_COOKIE_AGE = 2
    officer_client.get("/")  # the row is written: it expires 2 s from now
    officer_client.get("/")
    time.sleep(1.2)
    assert officer_client.get("/").status_code == 200
    time.sleep(1.2)

    # 2.4 s after the row's write, 1.2 s after the last request: still in.
    assert officer_client.get("/").status_code == 200
    time.sleep(2.3)
    assert officer_client.get("/").status_code == 302


def test_with_redis_down_an_officer_stays_logged_in_and_can_log_out(officer_client, settings):
    assert officer_client.get("/").status_code == 200

    with redis_down(settings):
        during = officer_client.get("/").status_code
        officer_client.post("/accounts/logout/")
        after_logout = officer_client.get("/").status_code

    assert (during, after_logout) == (200, 302)


def test_with_redis_down_an_officer_can_log_in_and_every_save_writes_the_row(
    client, cached_sessions, settings
):
    with redis_down(settings):
        client.force_login(UserFactory())
        assert client.get("/").status_code == 200
        expires = session_row(client).expire_date
        time.sleep(0.01)
        assert client.get("/").status_code == 200

        assert session_row(client).expire_date > expires


def test_sessions_go_to_the_cache_only_where_redis_is_shared_by_every_process():
    show = (
        "shell",
        "-v",
        "0",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_ENGINE)",
    )

    embedded = manage(*show)
    deployed = manage(*show, REDIS_URL="redis://127.0.0.1:6379/9")

    assert embedded.stdout.strip() == "django.contrib.sessions.backends.db"
    assert deployed.stdout.strip() == "pmi_portal.access.sessions"


def test_a_page_view_that_changes_nothing_renews_the_entry_without_writing_it(
    officer_client, monkeypatch
):
    officer_client.get("/")
    writes = []
    monkeypatch.setattr(
        SessionStore, "_cache_set", lambda store, data, age: writes.append(age) or True
    )

    assert officer_client.get("/").status_code == 200

    assert writes == []


def test_a_change_to_the_session_reaches_the_next_request_through_the_cache(cached_sessions):
    key = _saved_then_changed()
    Session.objects.filter(session_key=key).delete()

    assert SessionStore(key).load() == {"office": "upt-serang", "language": "en"}


def test_a_session_of_its_own_lifetime_keeps_it_across_page_views(officer_client, settings):
    session = officer_client.session
    session.set_expiry(1)
    session.save()
    assert officer_client.get("/").status_code == 200

    time.sleep(1.3)

    assert officer_client.get("/").status_code == 302


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs the real Redis of REDIS_URL")
def test_on_redis_the_read_renews_the_entry_to_the_idle_timeout(officer_client, settings):
    from django.core.cache import cache

    officer_client.get("/")
    key = cache.make_key(SessionStore.cache_key_prefix + officer_client.cookies["sessionid"].value)
    redis = cache._cache.get_client(key, write=True)
    redis.expire(key, 5)

    officer_client.get("/")

    assert redis.ttl(key) > settings.SESSION_COOKIE_AGE - 5
