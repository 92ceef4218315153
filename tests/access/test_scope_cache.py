"""The users' scopes in the cache (pmi_portal/access/scoping.py): read without a query until
the user's role or office, or a working area, changes; then the new scope at once."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from pmi_portal.access.models import User
from pmi_portal.access.roles import Role
from pmi_portal.access.scoping import scope_of
from pmi_portal.offices.models import Regency
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db

KABUPATEN_TANGERANG = "3603"  # in UPT Serang's working area


@pytest.fixture(autouse=True)
def scope_cache(settings):
    settings.SCOPE_CACHE_SECONDS = 600
    # A version of the reference data of this test's own: nothing another test cached is read.
    cache.delete(REFERENCE_GENERATION_KEY)


def fresh(user) -> User:
    """The user as the next request loads it."""
    return User.objects.select_related("office").get(pk=user.pk)


def test_a_users_scope_is_read_from_the_cache_without_a_query(django_assert_num_queries):
    counter = UserFactory()
    computed = scope_of(fresh(counter))
    user = fresh(counter)

    with django_assert_num_queries(0):
        cached = scope_of(user)

    assert cached == computed
    assert KABUPATEN_TANGERANG in cached.regency_codes


def test_a_regency_moved_to_another_office_leaves_the_first_offices_scope(
    django_capture_on_commit_callbacks,
):
    serang = UserFactory()
    pontianak = UserFactory(office=office("upt-pontianak"))
    assert KABUPATEN_TANGERANG in scope_of(fresh(serang)).regency_codes
    assert KABUPATEN_TANGERANG not in scope_of(fresh(pontianak)).regency_codes

    with django_capture_on_commit_callbacks(execute=True):
        regency = Regency.objects.get(code=KABUPATEN_TANGERANG)
        regency.office = office("upt-pontianak")
        regency.save()

    assert KABUPATEN_TANGERANG not in scope_of(fresh(serang)).regency_codes
    assert KABUPATEN_TANGERANG in scope_of(fresh(pontianak)).regency_codes


def test_regencies_the_reference_load_assigns_reach_the_scopes_at_once(
    django_capture_on_commit_callbacks,
):
    serang = UserFactory()
    Regency.objects.filter(code=KABUPATEN_TANGERANG).update(office=None)
    cache.delete(REFERENCE_GENERATION_KEY)
    assert KABUPATEN_TANGERANG not in scope_of(fresh(serang)).regency_codes

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_reference", verbosity=0)

    assert KABUPATEN_TANGERANG in scope_of(fresh(serang)).regency_codes


def test_a_user_moved_to_another_office_has_its_scope_at_once():
    officer = UserFactory()
    assert KABUPATEN_TANGERANG in scope_of(fresh(officer)).regency_codes

    officer.office = office("upt-pontianak")
    officer.save()

    assert KABUPATEN_TANGERANG not in scope_of(fresh(officer)).regency_codes


def test_a_user_given_another_role_has_its_scope_at_once():
    officer = UserFactory(role=Role.COUNTER_OFFICER)
    office_scope = scope_of(fresh(officer))

    officer.role = Role.NATIONAL_ANALYST
    officer.office = office("hq")
    officer.save()

    assert not office_scope.national
    assert scope_of(fresh(officer)).national


def test_with_the_cache_down_the_scope_is_computed(settings):
    officer = UserFactory()
    expected = scope_of(fresh(officer))
    dead = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }

    with override_settings(CACHES={**settings.CACHES, "default": dead}):
        assert scope_of(fresh(officer)) == expected
