"""Who is told of an office's records (its staff by role and permission, its webhooks) is kept
until a user or an office's settings are saved: the same ones staff_of and webhook_offices
give, none read where there are none, and never a user no longer among them."""

import pytest
from django.core.cache import cache

from pmi_portal.access.models import User
from pmi_portal.access.roles import Role
from pmi_portal.notifications import selectors
from pmi_portal.notifications.models import OfficeSettings
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db

RECEIVE = "returns.change_arrival"
KIND = "handover_request"


@pytest.fixture(autouse=True)
def kept(settings):
    settings.USER_CACHE_SECONDS = 300
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete_many([REFERENCE_GENERATION_KEY, selectors.RECEIVERS_VERSION])


def receivers(place, *, heads=False):
    roles = [Role.COUNTER_OFFICER, *([Role.OFFICE_HEAD] if heads else [])]
    users, webhooks = selectors.receivers_of(place, permission=RECEIVE, roles=roles, kind=KIND)
    return sorted(user.pk for user in users), [told.pk for told in webhooks]


def hook(place, kinds):
    return OfficeSettings.objects.create(
        office=place,
        webhook_url="https://gateway.example/hook",
        webhook_secret="s3cret",
        webhook_kinds=kinds,
    )


def test_the_receivers_are_those_staff_of_and_webhook_offices_give(
    django_capture_on_commit_callbacks,
):
    pontianak, serang = office("upt-pontianak"), office("upt-serang")
    with django_capture_on_commit_callbacks(execute=True):
        counter = UserFactory(role=Role.COUNTER_OFFICER, office=pontianak)
        head = UserFactory(role=Role.OFFICE_HEAD, office=pontianak)
        UserFactory(role=Role.CASE_HANDLER, office=pontianak)
        UserFactory(role=Role.COUNTER_OFFICER, office=serang)
        hook(pontianak, [KIND])
        hook(serang, [KIND])

    for heads in (False, True):
        roles = [Role.COUNTER_OFFICER, *([Role.OFFICE_HEAD] if heads else [])]
        staff = selectors.staff_of(pontianak, permission=RECEIVE, roles=roles)
        webhooks = selectors.webhook_offices([pontianak], KIND)
        assert receivers(pontianak, heads=heads) == (
            sorted(user.pk for user in staff),
            [told.pk for told in webhooks],
        )
    assert receivers(pontianak) == ([counter.pk], [pontianak.pk])
    assert receivers(pontianak, heads=True) == (sorted([counter.pk, head.pk]), [pontianak.pk])


def test_an_office_with_nobody_to_tell_is_read_once(django_assert_num_queries):
    mataram = office("upt-mataram")
    receivers(mataram)

    with django_assert_num_queries(0):
        assert receivers(mataram) == ([], [])


def test_a_user_saved_or_a_webhook_set_is_told_at_the_next_event(
    django_capture_on_commit_callbacks,
):
    mataram = office("upt-mataram")
    assert receivers(mataram) == ([], [])

    with django_capture_on_commit_callbacks(execute=True):
        counter = UserFactory(role=Role.COUNTER_OFFICER, office=mataram)
    assert receivers(mataram) == ([counter.pk], [])

    with django_capture_on_commit_callbacks(execute=True):
        settings_ = hook(mataram, [KIND])
    assert receivers(mataram) == ([counter.pk], [mataram.pk])

    with django_capture_on_commit_callbacks(execute=True):
        settings_.webhook_kinds = ["case_new"]
        settings_.save()
    assert receivers(mataram) == ([counter.pk], [])


def test_a_user_no_longer_among_the_staff_is_never_told_even_unsaved():
    mataram = office("upt-mataram")
    counter = UserFactory(role=Role.COUNTER_OFFICER, office=mataram)
    moved = UserFactory(role=Role.COUNTER_OFFICER, office=mataram)
    assert receivers(mataram) == (sorted([counter.pk, moved.pk]), [])

    # Changed behind the services' back (no signal): the kept ids are read with the conditions.
    User.objects.filter(pk=counter.pk).update(is_active=False)
    User.objects.filter(pk=moved.pk).update(office=office("upt-serang"))

    assert receivers(mataram) == ([], [])
