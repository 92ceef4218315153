"""Writing notifications (the outbox) and delivering them.

`notify` is called by a domain service inside the transaction of its event: the event, one
notification per recipient and one delivery per channel are written with it, and the Celery
tasks are sent only after commit, so a rolled-back event tells no one. A delivery is claimed
by a conditional update before anything is sent (once per notification and channel); a failed
one is tried again with exponential backoff and jitter, then marked failed for administrators
to send again. `sweep` sends what is still waiting a few minutes on (broker or workers down).
"""

import datetime
import logging
import random
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from pmi_portal.db import insert_row
from pmi_portal.notifications import channels
from pmi_portal.notifications.kinds import kind_of, registry
from pmi_portal.notifications.models import (
    Channel,
    Delivery,
    EmailMode,
    Event,
    Notification,
    OfficeSettings,
    Preference,
    UserSettings,
)
from pmi_portal.notifications.selectors import UNREAD_CACHE
from pmi_portal.web.versioned import version_change

log = logging.getLogger(__name__)

Status = Delivery.Status


# --- The outbox ---------------------------------------------------------------------------


def _subject_of(subject) -> tuple[str, int | None]:
    if subject is None:
        return "", None
    return subject._meta.label_lower, subject.pk


def notify(
    *,
    key: str,
    kind: str,
    params: dict,
    link: str = "",
    subject=None,
    office=None,
    users: Iterable = (),
    webhook_offices: Iterable = (),
) -> Event | None:
    """Record that `users` (and the webhooks of `webhook_offices`) are to be told of an event.

    Call it inside the event's transaction. Returns None when an event with this key was
    already recorded: the same happening is told once.
    """
    kind_obj = kind_of(kind)
    subject_type, subject_id = _subject_of(subject)
    event = Event(
        key=key,
        kind=kind,
        params=params,
        link=link,
        subject_type=subject_type,
        subject_id=subject_id,
        office=office,
    )
    # In the event's transaction no savepoint is needed: the outbox rows and the event commit
    # or roll back together.
    with transaction.atomic(savepoint=False):
        if not _event_insert(event):
            return None
        recipients = {user.pk: user for user in users if user is not None and user.is_active}
        plans = _channels_of(kind_obj, list(recipients.values()))
        notifications = [Notification(event=event, user=user) for user, _channels in plans] + [
            Notification(event=event, office=office) for office in _unique(webhook_offices)
        ]
        if not notifications:
            # Recorded, so told once, though no one is told now.
            return event
        notifications = Notification.objects.bulk_create(notifications)
        deliveries = []
        for notification, (_user, chosen) in zip(notifications, plans, strict=False):
            deliveries += [Delivery(notification=notification, channel=c) for c in chosen]
        for notification in notifications[len(plans) :]:
            deliveries.append(Delivery(notification=notification, channel=Channel.WEBHOOK))
        deliveries = Delivery.objects.bulk_create(deliveries)
        waiting = [(d.pk, d.channel) for d in deliveries]
        transaction.on_commit(lambda: dispatch(waiting))
    return event


def _event_insert(event: Event) -> bool:
    """Insert the event unless its key is recorded already, in one statement; whether it was.

    On PostgreSQL a writer meeting another's uncommitted event of the same key waits for it,
    then inserts nothing if that one committed: the event is told once even between
    concurrent writers. (get_or_create took a SELECT and a savepoint around the INSERT.)
    """
    key = transaction.get_connection().ops.quote_name(Event._meta.get_field("key").column)
    return insert_row(event, on_conflict=f"({key})")


def _unique(offices: Iterable) -> list:
    return list({office.pk: office for office in offices if office is not None}.values())


def _channels_of(kind, users: list) -> list[tuple[object, list[str]]]:
    """Each user and the channels they get this kind on, by their choices or the defaults."""
    if not users:
        return []
    ids = [user.pk for user in users]
    chosen = {p.user_id: p for p in Preference.objects.filter(user__in=ids, kind=kind.code)}
    digest_mode = set(
        UserSettings.objects.filter(user__in=ids, email_mode=EmailMode.DIGEST).values_list(
            "user_id", flat=True
        )
    )
    plans = []
    for user in users:
        preference = chosen.get(user.pk)
        in_app = preference.in_app if preference else True
        email = preference.email if preference else kind.email_default
        # A digest replaces single e-mails for those who ask; the digest itself always goes.
        if user.pk in digest_mode and kind.code != "digest":
            email = False
        channels_ = [Channel.IN_APP] if in_app else []
        if email and user.email:
            channels_.append(Channel.EMAIL)
        if channels_:
            plans.append((user, channels_))
    return plans


# --- Handing deliveries to the workers -----------------------------------------------------


# In-app deliveries are quick writes: up to this many go in one task and one transaction.
IN_APP_BATCH = 200


def _publish(task, arguments: tuple, *, queue: str, countdown: float | None) -> None:
    task.apply_async(arguments, queue=queue, countdown=countdown, retry=False)


def dispatch(waiting: Iterable[tuple[int, str]], *, countdown: float | None = None) -> int:
    """Send the tasks of these deliveries (in-app ones in batches); returns how many deliveries
    were handed over. With the broker down the rows stay pending and the sweep sends them
    later: the event itself has already committed."""
    from pmi_portal.notifications.tasks import deliver, deliver_in_app

    waiting = list(waiting)
    in_app = [pk for pk, channel in waiting if channel == Channel.IN_APP]
    jobs = [
        (deliver_in_app, (in_app[i : i + IN_APP_BATCH],), settings.NOTIFY_QUEUE_IN_APP)
        for i in range(0, len(in_app), IN_APP_BATCH)
    ] + [
        (deliver, (pk,), settings.NOTIFY_QUEUE_OUTBOUND)
        for pk, channel in waiting
        if channel != Channel.IN_APP
    ]
    sent = 0
    for task, arguments, queue in jobs:
        try:
            _publish(task, arguments, queue=queue, countdown=countdown)
        except Exception:  # noqa: BLE001 - any broker failure: the sweep sends it later
            log.warning("notification deliveries %s not queued; the sweep will", arguments[0])
            if not settings.CELERY_TASK_ALWAYS_EAGER:
                break
        else:
            sent += len(arguments[0]) if isinstance(arguments[0], list) else 1
    return sent


# --- Delivering one ------------------------------------------------------------------------


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with jitter: about base, twice base, four times base... capped."""
    base = settings.NOTIFY_RETRY_BASE_SECONDS
    ceiling = min(settings.NOTIFY_RETRY_MAX_SECONDS, base * 2 ** max(attempts - 1, 0))
    return ceiling * random.uniform(0.5, 1.0)  # noqa: S311 - jitter, not a secret


def _due(now: datetime.datetime):
    # A task may arrive a moment before its row's time (clocks of worker and database).
    return Delivery.objects.filter(
        status=Status.PENDING, next_attempt_at__lte=now + datetime.timedelta(seconds=5)
    )


def in_app_deliver(delivery_ids: list[int]) -> int:
    """Put these in-app deliveries in their users' inboxes, in one transaction: each row is
    claimed and its effect written together, so each is delivered exactly once. Returns how
    many this call delivered."""
    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            _due(now)
            .filter(pk__in=delivery_ids, channel=Channel.IN_APP)
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", "notification_id", "notification__user_id")
        )
        if not claimed:
            return 0
        Delivery.objects.filter(pk__in=[pk for pk, _n, _u in claimed]).update(
            status=Status.SENT, sent_at=now, attempts=F("attempts") + 1
        )
        Notification.objects.filter(
            pk__in=[n for _pk, n, _u in claimed], delivered_at__isnull=True
        ).update(delivered_at=now)
        version_change(UNREAD_CACHE, {user for _pk, _n, user in claimed})
    return len(claimed)


def delivery_attempt(delivery_id: int) -> str | None:
    """Try one delivery once; returns its status afterwards, None if it was not ours to send
    (already sent, claimed by another worker, not yet due)."""
    now = timezone.now()
    channel = Delivery.objects.filter(pk=delivery_id).values_list("channel", flat=True).first()
    if channel is None:
        return None
    if channel == Channel.IN_APP:
        return Status.SENT if in_app_deliver([delivery_id]) else None
    claimable = _due(now).filter(pk=delivery_id)
    lease = now + datetime.timedelta(seconds=settings.NOTIFY_CLAIM_SECONDS)
    if not claimable.update(status=Status.SENDING, claimed_until=lease, attempts=F("attempts") + 1):
        return None
    delivery = Delivery.objects.select_related(
        "notification__event", "notification__user", "notification__office"
    ).get(pk=delivery_id)
    try:
        _send(delivery)
    except channels.DeliveryError as error:
        return _failed(delivery, str(error), permanent=error.permanent)
    Delivery.objects.filter(pk=delivery_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), claimed_until=None, last_error=""
    )
    return Status.SENT


def _failed(delivery: Delivery, error: str, *, permanent: bool) -> str:
    if permanent or delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Status.FAILED, claimed_until=None, last_error=error[:500]
        )
        log.warning("notification delivery %s failed for good: %s", delivery.pk, error)
        return Status.FAILED
    wait = backoff_seconds(delivery.attempts)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Status.PENDING,
        claimed_until=None,
        last_error=error[:500],
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=wait),
    )
    # In-process (no broker) a countdown would not wait: the sweep retries instead.
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        dispatch([(delivery.pk, delivery.channel)], countdown=wait)
    return Status.PENDING


def render(event: Event) -> tuple[str, str]:
    """The event's title and detail in the active language."""
    kind = kind_of(event.kind)
    return kind.title(event.params), kind.detail(event.params)


def _send(delivery: Delivery) -> None:
    notification = delivery.notification
    event = notification.event
    if delivery.channel == Channel.EMAIL:
        with translation.override("id"):
            title, _detail = render(event)
            extra = event.params.get("digest_text", "") if event.kind == "digest" else ""
        subject, body = channels.email_text(title=title, link=event.link, extra=extra)
        channels.email_send(to=notification.user.email, subject=subject, body=body)
        return
    settings_ = OfficeSettings.objects.filter(office=notification.office_id).first()
    with translation.override("id"):
        title, _detail = render(event)
    channels.webhook_post(
        url=settings_.webhook_url if settings_ else "",
        secret=settings_.webhook_secret if settings_ else "",
        delivery_key=delivery.idempotency_key,
        payload={
            "id": delivery.idempotency_key,
            "event": event.kind,
            "office": notification.office.code,
            "title": title,
            "link": channels.absolute(event.link) if event.link else "",
            "happened_at": event.created_at.isoformat(),
        },
    )


# --- The apps' periodic scans ----------------------------------------------------------------


def scans_run() -> dict[str, int]:
    """Run every app's scan for what is due to be told; returns how many each told."""
    from django.utils.module_loading import import_string

    from pmi_portal.contributions import contributions

    told = {}
    for contribution in contributions():
        for path in contribution.notification_scans:
            told[path] = import_string(path)()
    return told


# --- The sweep -----------------------------------------------------------------------------


def sweep(*, now: datetime.datetime | None = None, batch: int = 1000) -> int:
    """Take back the claims of workers that died mid-send, and queue again what is still
    waiting past the grace period. Returns how many deliveries were queued."""
    now = now or timezone.now()
    for delivery in Delivery.objects.filter(status=Status.SENDING, claimed_until__lt=now)[:batch]:
        if delivery.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
                status=Status.FAILED, claimed_until=None, last_error="interrupted"
            )
        else:
            Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
                status=Status.PENDING, claimed_until=None, last_error="interrupted"
            )
    cutoff = now - datetime.timedelta(seconds=settings.NOTIFY_SWEEP_GRACE_SECONDS)
    waiting = list(
        Delivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=cutoff)
        .order_by("next_attempt_at")
        .values_list("pk", "channel")[:batch]
    )
    return dispatch(waiting)


# --- Administrators: send a failed delivery again ------------------------------------------


def delivery_resend(*, actor, delivery: Delivery) -> Delivery:
    if not actor.has_perm("notifications.resend_delivery"):
        raise PermissionDenied
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        if not updated:
            raise ValidationError(
                _("This delivery is no longer failed: it was sent again already."),
                code="not_failed",
            )
        audit_record(
            action=AuditAction.UPDATE,
            actor=actor,
            obj=delivery,
            regency_id=None,
            changes={"status": [Status.FAILED, Status.PENDING]},
        )
        transaction.on_commit(lambda: dispatch([(delivery.pk, delivery.channel)]))
    delivery.refresh_from_db()
    return delivery


# --- The inbox -----------------------------------------------------------------------------


def notification_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read; another's is 'not found'."""
    notification = Notification.objects.inbox_of(user).filter(pk=notification_id).first()
    if notification is None:
        raise Notification.DoesNotExist
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        version_change(UNREAD_CACHE, [user.pk])
    return notification


def notifications_all_read(*, user) -> int:
    read = (
        Notification.objects.inbox_of(user)
        .filter(read_at__isnull=True)
        .update(read_at=timezone.now())
    )
    if read:
        version_change(UNREAD_CACHE, [user.pk])
    return read


# --- Choices -------------------------------------------------------------------------------


def preferences_save(*, user, choices: dict[str, dict[str, bool]], email_mode: str) -> None:
    """`choices`: kind -> {"in_app": bool, "email": bool}."""
    known = registry()
    unknown = sorted(set(choices) - set(known))
    if unknown:
        raise ValidationError(
            _("Unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(unknown)},
            code="unknown_kind",
        )
    if email_mode not in EmailMode.values:
        raise ValidationError(
            {"email_mode": ValidationError(_("Choose how e-mails come."), code="invalid_choice")}
        )
    with transaction.atomic():
        for kind, chosen in choices.items():
            Preference.objects.update_or_create(
                user=user,
                kind=kind,
                defaults={"in_app": bool(chosen["in_app"]), "email": bool(chosen["email"])},
            )
        UserSettings.objects.update_or_create(user=user, defaults={"email_mode": email_mode})


def preferences_of(user) -> tuple[dict[str, dict[str, bool]], str]:
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    result = {}
    for code, kind in registry().items():
        preference = chosen.get(code)
        result[code] = {
            "in_app": preference.in_app if preference else True,
            "email": preference.email if preference else kind.email_default,
        }
    mode = (
        UserSettings.objects.filter(user=user).values_list("email_mode", flat=True).first()
        or EmailMode.EACH
    )
    return result, mode


def _may_configure(actor, office) -> None:
    from pmi_portal.access.scoping import NotFoundOrNotYours

    if actor.has_perm("notifications.change_officesettings") and (
        actor.scope_level == "national" or actor.office_id == office.pk
    ):
        return
    raise NotFoundOrNotYours


def office_settings_of(office) -> OfficeSettings:
    return OfficeSettings.objects.filter(office=office).first() or OfficeSettings(office=office)


def office_settings_save(
    *, actor, office, webhook_url: str, webhook_kinds: list[str], digest_time: datetime.time
) -> tuple[OfficeSettings, str | None]:
    """Set an office's webhook and digest time. Returns the settings and, when a webhook was
    first set up, its new secret: shown once, to be entered in the gateway."""
    _may_configure(actor, office)
    webhook_url = webhook_url.strip()
    errors = {}
    if webhook_url and not webhook_url.startswith("https://"):
        errors["webhook_url"] = ValidationError(
            _("The webhook address must start with https://."), code="not_https"
        )
    unknown = sorted(set(webhook_kinds) - {code for code, k in registry().items() if k.webhook})
    if unknown:
        errors["webhook_kinds"] = ValidationError(
            _("Unknown kind of notification: %(kinds)s") % {"kinds": ", ".join(unknown)},
            code="unknown_kind",
        )
    if webhook_url and not webhook_kinds:
        errors["webhook_kinds"] = ValidationError(
            _("Choose the events the gateway receives."), code="required"
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = OfficeSettings.objects.select_for_update().filter(office=office).first()
        current = current or OfficeSettings(office=office)
        before = {
            "webhook_url": current.webhook_url,
            "webhook_kinds": current.webhook_kinds,
            "digest_time": str(current.digest_time),
        }
        new_secret = None
        if webhook_url and not current.webhook_secret:
            new_secret = current.webhook_secret = secrets.token_urlsafe(32)
        if not webhook_url:
            current.webhook_secret = ""
        current.webhook_url = webhook_url
        current.webhook_kinds = sorted(set(webhook_kinds)) if webhook_url else []
        current.digest_time = digest_time
        current.full_clean(exclude=["office", "webhook_secret"])
        current.save()
        after = {
            "webhook_url": current.webhook_url,
            "webhook_kinds": current.webhook_kinds,
            "digest_time": str(current.digest_time),
        }
        audit_record(
            action=AuditAction.UPDATE,
            actor=actor,
            obj=current,
            regency_id=None,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return current, new_secret


def webhook_secret_rotate(*, actor, office) -> str:
    _may_configure(actor, office)
    with transaction.atomic():
        current = OfficeSettings.objects.select_for_update().filter(office=office).first()
        if current is None or not current.webhook_url:
            raise ValidationError(
                {"webhook_url": ValidationError(_("Set a webhook address first."), code="required")}
            )
        current.webhook_secret = secrets.token_urlsafe(32)
        current.save(update_fields=["webhook_secret", "updated_at"])
        audit_record(
            action=AuditAction.UPDATE,
            actor=actor,
            obj=current,
            regency_id=None,
            changes={"webhook_secret": ["…", "(new)"]},
        )
    return current.webhook_secret
