"""The logged-in user's row in the cache (access.backends.RoleBackend.get_user,
pmi_portal/web/versioned.py): a request reads it with no query while neither the user nor the
reference data changed; a user saved (deactivated, a new role, office or password) or an office
saved is read anew by the very next request, and a row read before a change and kept after it
is never used."""

import pickle

import pytest
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.urls import reverse
from redis.exceptions import RedisError

from pmi_portal.access.backends import USER_CACHE, RoleBackend
from pmi_portal.access.models import User
from pmi_portal.access.roles import Role
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from pmi_portal.web.versioned import version_key
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def user_cache(settings):
    settings.USER_CACHE_SECONDS = 300
    # A version of the reference data of this test's own: nothing another test kept is read.
    cache.delete(REFERENCE_GENERATION_KEY)


@pytest.fixture
def officer():
    return UserFactory(username="loket.cache", role=Role.COUNTER_OFFICER)


def saved(user, django_capture_on_commit_callbacks, **changes) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for field, value in changes.items():
            setattr(user, field, value)
        user.save()


def test_the_next_request_reads_the_user_and_office_without_a_query(
    officer, django_assert_num_queries
):
    first = RoleBackend().get_user(officer.pk)

    with django_assert_num_queries(0):
        kept = RoleBackend().get_user(officer.pk)
        office_code = kept.office.code

    assert kept == first and kept.role == Role.COUNTER_OFFICER
    assert office_code == officer.office.code


def test_a_user_deactivated_is_nobody_at_the_next_request(
    officer, django_capture_on_commit_callbacks
):
    assert RoleBackend().get_user(officer.pk) is not None

    saved(officer, django_capture_on_commit_callbacks, is_active=False)

    assert RoleBackend().get_user(officer.pk) is None


def test_a_new_role_and_office_are_read_at_the_next_request(
    officer, django_capture_on_commit_callbacks
):
    RoleBackend().get_user(officer.pk)

    saved(
        officer,
        django_capture_on_commit_callbacks,
        role=Role.CASE_HANDLER,
        office=office("upt-pontianak"),
    )

    user = RoleBackend().get_user(officer.pk)
    assert (user.role, user.office.code) == (Role.CASE_HANDLER, "upt-pontianak")


def test_an_office_saved_reaches_its_staff_at_the_next_request(
    officer, django_capture_on_commit_callbacks
):
    assert RoleBackend().get_user(officer.pk).office.timezone == "Asia/Jakarta"

    with django_capture_on_commit_callbacks(execute=True):
        serang = office("upt-serang")
        serang.timezone = "Asia/Makassar"
        serang.save()

    assert RoleBackend().get_user(officer.pk).office.timezone == "Asia/Makassar"


@pytest.mark.parametrize("kept_before", [False, True], ids=["first-read", "read-again"])
def test_a_row_read_before_a_change_and_kept_after_it_is_never_used(
    officer, django_capture_on_commit_callbacks, monkeypatch, kept_before
):
    if kept_before:
        RoleBackend().get_user(officer.pk)
        saved(officer, django_capture_on_commit_callbacks, first_name="Renamed")
    stale = User.objects.get(pk=officer.pk)

    def read_then_changed_elsewhere(backend, user_id):
        # Another process deactivates the user between this read and the keeping of it.
        saved(User.objects.get(pk=user_id), django_capture_on_commit_callbacks, is_active=False)
        return stale

    with monkeypatch.context() as patch:
        patch.setattr(ModelBackend, "get_user", read_then_changed_elsewhere)
        RoleBackend().get_user(officer.pk)

    assert RoleBackend().get_user(officer.pk) is None


def test_a_password_changed_elsewhere_logs_the_other_sessions_out(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    assert client.get("/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        officer.set_password("a new one, long enough 2026")
        officer.save()

    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_with_the_cache_down_the_user_is_read_from_the_database(officer, monkeypatch):
    def down(*args, **kwargs):
        raise RedisError("connection refused")

    monkeypatch.setattr(cache, "get_many", down)

    user = RoleBackend().get_user(officer.pk)

    assert user.pk == officer.pk and user.office.code == officer.office.code


def test_a_users_version_changes_only_when_the_transaction_commits(
    officer, django_capture_on_commit_callbacks
):
    RoleBackend().get_user(officer.pk)
    before = cache.get(version_key(USER_CACHE, officer.pk))

    with django_capture_on_commit_callbacks(execute=False):
        officer.first_name = "Rolled back"
        officer.save()

    assert cache.get(version_key(USER_CACHE, officer.pk)) == before


def test_the_scope_of_a_request_is_read_under_the_generation_its_user_was(officer):
    user = RoleBackend().get_user(officer.pk)

    assert user._reference_generation == cache.get(REFERENCE_GENERATION_KEY) is not None


def test_a_copy_of_the_user_brings_no_read_of_its_request(officer):
    user = RoleBackend().get_user(officer.pk)
    assert user.kept_read_ahead is not None

    copy = pickle.loads(pickle.dumps(user))  # noqa: S301 - our own object, pickled here

    assert copy.pk == officer.pk and copy.kept_read_ahead is None
