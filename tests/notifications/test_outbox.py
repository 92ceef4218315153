"""Events write their notifications in their own transaction; deliveries are claimed once,
retried with backoff, ended failed, swept up when the broker lost them. In-process (eager)
here; tests/notifications/test_real_worker.py proves the same with a real broker and worker."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from pmi_portal.notifications import services
from pmi_portal.notifications.models import Channel, Delivery, Event, Notification
from returns import services as returns_services
from tests.factories import UserFactory
from tests.notifications.conftest import flight, pontianak_returnee, webhook_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_process")]

Status = Delivery.Status


def log_arrival(airport, **overrides):
    return returns_services.arrival_log(
        actor=airport,
        person_fields={"nik": pontianak_returnee().nik},
        arrival_fields=flight(**overrides),
    )


def test_an_arrival_tells_the_receiving_office_in_the_portal_and_by_email(
    airport, pontianak, elsewhere, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        arrival = log_arrival(airport)

    event = Event.objects.get(kind="handover_request")
    told = set(Notification.objects.filter(event=event).values_list("user__username", flat=True))
    # The counter receives returnees; the head hears only when the handover is late.
    assert told == {"loket.ptk"}
    notification = Notification.objects.get(event=event)
    assert notification.delivered_at is not None
    assert set(notification.deliveries.values_list("channel", "status")) == {
        (Channel.IN_APP, Status.SENT),
        (Channel.EMAIL, Status.SENT),
    }
    assert event.link == f"/returns/arrivals/{arrival.pk}/"
    (message,) = mail.outbox
    assert message.to == ["loket.ptk@bp2mi.go.id"]
    assert "http://127.0.0.1:8000/returns/arrivals/" in message.body


def test_an_email_names_no_person_and_no_identity_number(
    airport, pontianak, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        arrival = log_arrival(airport)

    (message,) = mail.outbox
    person = arrival.person
    for secret in (person.nik, person.full_name, person.nik[-6:]):
        assert secret not in message.body
        assert secret not in message.subject
    # The portal's inbox, where the reader's scope was checked, names the person.
    _title, detail = services.render(Event.objects.get(kind="handover_request"))
    assert person.full_name in detail


def test_a_rolled_back_event_tells_no_one(airport, pontianak, django_capture_on_commit_callbacks):
    with (
        mock.patch("pmi_portal.notifications.services._publish") as sent,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        log_arrival(airport)
        raise RuntimeError("the event's transaction fails after the arrival was written")

    assert Event.objects.count() == Notification.objects.count() == Delivery.objects.count() == 0
    assert callbacks == []
    sent.assert_not_called()
    assert mail.outbox == []


def test_one_happening_is_told_once_however_often_it_is_reported(airport, pontianak):
    arrival = log_arrival(airport)
    before = Notification.objects.count()

    from returns.notices import handover_requested

    handover_requested(arrival)

    assert Notification.objects.count() == before
    assert Event.objects.filter(kind="handover_request").count() == 1


def test_a_delivery_run_twice_sends_once(airport, pontianak):
    log_arrival(airport)  # no commit callbacks here: nothing was sent yet
    email = Delivery.objects.get(channel=Channel.EMAIL)
    in_app = Delivery.objects.get(channel=Channel.IN_APP)

    assert services.delivery_attempt(email.pk) == Status.SENT
    assert services.delivery_attempt(email.pk) is None
    assert services.delivery_attempt(in_app.pk) == Status.SENT
    assert services.delivery_attempt(in_app.pk) is None

    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert email.attempts == 1


def test_a_failing_webhook_is_retried_with_backoff_then_marked_failed(
    airport, pontianak, receiver, settings
):
    settings.NOTIFY_MAX_ATTEMPTS = 3
    receiver.answer = 503
    webhook_for("upt-pontianak", receiver, ["handover_request"])
    log_arrival(airport)
    hook = Delivery.objects.get(channel=Channel.WEBHOOK)

    now = timezone.now()
    assert services.delivery_attempt(hook.pk) == Status.PENDING
    hook.refresh_from_db()
    assert hook.last_error == "webhook answered HTTP 503"
    first_wait = (hook.next_attempt_at - now).total_seconds()
    assert (
        settings.NOTIFY_RETRY_BASE_SECONDS * 0.5
        <= first_wait
        <= settings.NOTIFY_RETRY_BASE_SECONDS + 1
    )
    # Not yet due: a second worker does not send it early.
    assert services.delivery_attempt(hook.pk) is None

    Delivery.objects.filter(pk=hook.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_attempt(hook.pk) == Status.PENDING
    hook.refresh_from_db()
    assert (hook.next_attempt_at - timezone.now()).total_seconds() > first_wait * 0.5
    Delivery.objects.filter(pk=hook.pk).update(next_attempt_at=timezone.now())
    assert services.delivery_attempt(hook.pk) == Status.FAILED

    assert len(receiver.received) == 3 and all(receiver.valid)


def test_backoff_doubles_up_to_its_ceiling_with_jitter(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 10
    settings.NOTIFY_RETRY_MAX_SECONDS = 60
    waits = [services.backoff_seconds(n) for n in (1, 2, 3, 4, 5)]
    for wait, ceiling in zip(waits, [10, 20, 40, 60, 60], strict=True):
        assert ceiling * 0.5 <= wait <= ceiling


def test_a_gateway_refusing_the_request_fails_at_once(airport, pontianak, receiver):
    receiver.answer = 401
    webhook_for("upt-pontianak", receiver, ["handover_request"])
    log_arrival(airport)
    hook = Delivery.objects.get(channel=Channel.WEBHOOK)

    assert services.delivery_attempt(hook.pk) == Status.FAILED


def test_a_webhook_to_a_private_address_is_refused(airport, pontianak, receiver, settings):
    settings.NOTIFY_WEBHOOK_ALLOW_PRIVATE = False
    webhook_for("upt-pontianak", receiver, ["handover_request"])
    log_arrival(airport)
    hook = Delivery.objects.get(channel=Channel.WEBHOOK)

    assert services.delivery_attempt(hook.pk) == Status.FAILED
    hook.refresh_from_db()
    assert "not HTTPS" in hook.last_error
    assert receiver.received == []


def test_the_webhook_is_signed_and_carries_no_person(airport, pontianak, receiver):
    webhook_for("upt-pontianak", receiver, ["handover_request"])
    arrival = log_arrival(airport)
    hook = Delivery.objects.get(channel=Channel.WEBHOOK)

    assert services.delivery_attempt(hook.pk) == Status.SENT

    ((headers, body),) = receiver.received
    assert receiver.valid == [True]
    assert headers["X-PMI-Delivery"] == f"pmi-{hook.pk}"
    text = body.decode()
    assert arrival.person.full_name not in text and arrival.person.nik not in text
    assert '"event": "handover_request"' in text and '"office": "upt-pontianak"' in text


def test_a_signature_made_with_another_secret_or_too_old_is_not_valid():
    from pmi_portal.notifications.channels import signature, signature_valid

    body = b'{"event": "x"}'
    good = signature("s3cret", "1000", body)

    assert signature_valid("s3cret", "1000", body, good, now=1100)
    assert not signature_valid("other", "1000", body, good, now=1100)
    assert not signature_valid("s3cret", "1000", body + b" ", good, now=1100)
    assert not signature_valid("s3cret", "1000", body, good, now=1000 + 301)


def test_the_sweep_sends_what_the_broker_lost_and_takes_back_dead_claims(
    airport, pontianak, settings
):
    settings.NOTIFY_SWEEP_GRACE_SECONDS = 120
    log_arrival(airport)  # committed, but no task reached a worker
    later = timezone.now() + datetime.timedelta(minutes=3)
    email = Delivery.objects.get(channel=Channel.EMAIL)
    # A worker claimed the e-mail and died before it was sent.
    Delivery.objects.filter(pk=email.pk).update(
        status=Status.SENDING, attempts=1, claimed_until=timezone.now()
    )

    with mock.patch("pmi_portal.notifications.services._publish") as sent:
        assert services.sweep(now=timezone.now()) == 0  # within the grace period: left alone
        queued = services.sweep(now=later)

    assert queued == 2
    queued_ids = set()
    for call in sent.call_args_list:
        ids = call.args[1][0]
        queued_ids |= set(ids) if isinstance(ids, list) else {ids}
    assert queued_ids == set(Delivery.objects.values_list("pk", flat=True))
    email.refresh_from_db()
    assert email.status == Status.PENDING and email.last_error == "interrupted"


def test_the_broker_being_down_does_not_break_the_event(
    airport, pontianak, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with (
        mock.patch(
            "pmi_portal.notifications.services._publish",
            side_effect=ConnectionRefusedError("broker down"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        arrival = log_arrival(airport)

    assert arrival.pk is not None
    assert set(Delivery.objects.values_list("status", flat=True)) == {Status.PENDING}


def test_an_administrator_sends_a_failed_delivery_again(
    airport, pontianak, client, django_capture_on_commit_callbacks
):
    from pmi_portal.access.roles import Role
    from tests.factories import office

    log_arrival(airport)
    email = Delivery.objects.get(channel=Channel.EMAIL)
    Delivery.objects.filter(pk=email.pk).update(status=Status.FAILED, attempts=8, last_error="x")
    admin = UserFactory(username="admin.notif", role=Role.ADMINISTRATOR, office=office("hq"))
    client.force_login(pontianak["head"])
    assert client.post(f"/notifications/failed/{email.pk}/resend/").status_code == 403
    client.force_login(admin)

    assert "x" in client.get("/notifications/failed/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/notifications/failed/{email.pk}/resend/")

    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == Status.SENT and email.attempts == 1
    assert len(mail.outbox) == 1


def test_the_in_app_deliveries_of_one_event_go_in_one_task_and_once(
    airport, pontianak, django_capture_on_commit_callbacks
):
    for number in range(3):
        UserFactory(username=f"loket.ptk.{number}", office=pontianak["counter"].office)
    with (
        mock.patch("pmi_portal.notifications.services._publish") as sent,
        django_capture_on_commit_callbacks(execute=True),
    ):
        log_arrival(airport)
    in_app_tasks = [c for c in sent.call_args_list if isinstance(c.args[1][0], list)]

    ((ids,),) = [c.args[1] for c in in_app_tasks]
    assert len(ids) == 4
    assert services.in_app_deliver(ids) == 4
    assert services.in_app_deliver(ids) == 0
    assert Notification.objects.filter(delivered_at__isnull=False).count() == 4
