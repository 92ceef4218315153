"""An event is recorded in one statement and told once per key, even between concurrent
writers; routing it reads no office row while the reference data's version holds."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection, connections, transaction

from pmi_portal.access.roles import Role
from pmi_portal.notifications import selectors, services
from pmi_portal.notifications.models import Event, Notification, OfficeSettings
from pmi_portal.offices.models import Office
from pmi_portal.offices.selectors import REFERENCE_GENERATION_KEY
from tests.factories import UserFactory, office

pytestmark = pytest.mark.django_db

PARAMS = {"person": "Siti <script>\"&'", "troubles": ["deported"], "due_at": None}


def tell(key="arrival:1:handover", **overrides):
    return services.notify(
        key=key, kind="handover_request", params=PARAMS, link="/returns/arrivals/1/", **overrides
    )


def test_an_event_nobody_is_to_hear_of_is_recorded_in_one_statement(
    django_assert_num_queries,
):
    pontianak = office("upt-pontianak")

    with django_assert_num_queries(1):
        event = tell(office=pontianak)

    stored = Event.objects.get()
    assert event.pk == stored.pk
    assert (stored.key, stored.params, stored.office.code) == (
        "arrival:1:handover",
        PARAMS,
        "upt-pontianak",
    )
    assert stored.created_at is not None


def test_an_event_recorded_again_is_told_no_one_in_one_statement(django_assert_num_queries):
    receiver = UserFactory(role=Role.COUNTER_OFFICER, office=office("upt-pontianak"))
    tell(users=[receiver])

    with django_assert_num_queries(1):
        assert tell(users=[receiver]) is None

    assert Event.objects.count() == 1
    assert Notification.objects.filter(user=receiver).count() == 1


def test_an_event_tells_its_recipients_and_the_webhooks_that_take_its_kind():
    pontianak, mataram = office("upt-pontianak"), office("upt-mataram")
    receiver = UserFactory(role=Role.COUNTER_OFFICER, office=pontianak)
    for office_, kinds in ((pontianak, ["handover_request"]), (mataram, ["agency_status"])):
        OfficeSettings.objects.create(
            office=office_,
            webhook_url="https://gateway.example/hook",
            webhook_secret="s3cret",
            webhook_kinds=kinds,
        )
    webhooks = selectors.webhook_offices([pontianak, mataram], "handover_request")

    event = tell(users=[receiver], webhook_offices=webhooks, office=pontianak)

    told = Notification.objects.filter(event=event)
    assert {(n.user_id, n.office_id) for n in told} == {(receiver.pk, None), (None, pontianak.pk)}


@pytest.fixture
def reference_kept(settings):
    settings.REFERENCE_OPTIONS_CACHE_SECONDS = 600
    cache.delete(REFERENCE_GENERATION_KEY)  # nothing another test cached is read


@pytest.mark.usefixtures("reference_kept")
def test_the_staff_of_an_office_are_read_in_one_statement_once_its_family_is_kept(
    django_assert_num_queries,
):
    pontianak = office("upt-pontianak")
    counter = UserFactory(role=Role.COUNTER_OFFICER, office=pontianak)
    list(selectors.staff_of(pontianak, permission="returns.change_arrival"))

    with django_assert_num_queries(1):
        staff = list(selectors.staff_of(pontianak, permission="returns.change_arrival"))

    assert staff == [counter]


@pytest.mark.usefixtures("reference_kept")
def test_a_post_opened_under_an_office_has_its_staff_told(django_capture_on_commit_callbacks):
    pontianak = office("upt-pontianak")
    list(selectors.staff_of(pontianak, permission="returns.change_arrival"))

    with django_capture_on_commit_callbacks(execute=True):
        post = Office.objects.create(
            code="pos-uji-sanggau",
            name="Pos Uji Sanggau",
            kind=Office.Kind.SERVICE_POST,
            parent=pontianak,
            city=pontianak.city,
        )
    officer = UserFactory(role=Role.COUNTER_OFFICER, office=post)
    head = UserFactory(role=Role.OFFICE_HEAD, office=post)

    assert officer in selectors.staff_of(pontianak, permission="returns.change_arrival")
    assert head in selectors.heads_of(pontianak)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
def test_two_writers_of_one_event_tell_it_once():
    """The second writer waits on the first's uncommitted event, then records nothing."""
    first_in = threading.Event()
    results = {}

    def second_writer():
        first_in.wait(5)
        try:
            with transaction.atomic():
                results["second"] = tell()
        finally:
            connections.close_all()

    writer = threading.Thread(target=second_writer)
    writer.start()
    with transaction.atomic():
        results["first"] = tell()
        first_in.set()
        writer.join(0.5)
        # Still waiting on the first writer's row lock.
        assert writer.is_alive()
    writer.join(5)

    assert results["first"] is not None
    assert results["second"] is None
    assert Event.objects.count() == 1
