"""Notifications: an outbox written in the event's own transaction, and its deliveries.

An `Event` is something that happened which people must learn of (an arrival routed to an
office, a case assigned, a deadline missed). Its `key` is unique, so one happening is told
once however often a service or a periodic scan reports it. Each person or office told gets a
`Notification`; each channel it goes out on (in-app, e-mail, webhook) gets a `Delivery`, unique
per notification and channel: a worker claims a delivery with a conditional update before it
sends, so a task run twice sends once.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("in the portal")
    EMAIL = "email", _("e-mail")
    WEBHOOK = "webhook", _("webhook (SMS/WhatsApp gateway)")


class Event(models.Model):
    key = models.CharField(_("key"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=40)
    params = models.JSONField(_("parameters"), default=dict)
    link = models.CharField(_("link"), max_length=300, blank=True)
    # What it is about, as "app_label.model" and id: periodic scans ask whether a record was told.
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.BigIntegerField(null=True, blank=True)
    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office concerned"),
    )
    created_at = models.DateTimeField(_("happened"), default=timezone.now)

    class Meta:
        verbose_name = _("notification event")
        verbose_name_plural = _("notification events")
        indexes = [models.Index(fields=["subject_type", "subject_id", "kind"])]

    def __str__(self) -> str:
        return self.key


class NotificationQuerySet(models.QuerySet):
    def inbox_of(self, user):
        """What `user` sees in the portal: their own notifications once delivered in-app."""
        return self.filter(user=user, delivered_at__isnull=False)


class Notification(models.Model):
    """One event told to one user, or to one office's webhook."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient office"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the in-app delivery: from then on the notification is in the user's inbox.
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=True) ^ Q(office__isnull=True),
                name="notification_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False),
                name="notification_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "office"],
                condition=Q(office__isnull=False),
                name="notification_once_per_office",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "read_at"],
                condition=Q(delivered_at__isnull=False),
                name="notification_inbox_idx",
            ),
            models.Index(fields=["user", "-created_at"], name="notification_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event.key} → {self.user_id or self.office_id}"


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A worker's claim on a delivery being sent; past it, the sweep takes the delivery back.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        permissions = [("resend_delivery", _("Can send a failed delivery again"))]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=Q(status__in=["pending", "sending"]),
                name="delivery_waiting_idx",
            ),
            models.Index(
                fields=["-created_at"], condition=Q(status="failed"), name="delivery_failed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} #{self.pk}"

    @property
    def idempotency_key(self) -> str:
        """Sent with a webhook, so a gateway can drop a repeat after a worker crash."""
        return f"pmi-{self.pk}"


class Preference(models.Model):
    """A user's choice of channels for one kind of event; no row means the kind's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(_("kind"), max_length=40)
    in_app = models.BooleanField(_("in the portal"), default=True)
    email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"


class EmailMode(models.TextChoices):
    EACH = "each", _("one e-mail per notification")
    DIGEST = "digest", _("one daily digest instead of single e-mails")


class UserSettings(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_mode = models.CharField(
        _("e-mails"), max_length=10, choices=EmailMode.choices, default=EmailMode.EACH
    )

    class Meta:
        verbose_name = _("notification settings of a user")
        verbose_name_plural = _("notification settings of users")

    def __str__(self) -> str:
        return f"{self.user_id} {self.email_mode}"


DEFAULT_DIGEST_TIME = datetime.time(7, 0)


class OfficeSettings(models.Model):
    """An office's webhook for its SMS/WhatsApp gateway and the time of its daily digest."""

    office = models.OneToOneField(
        "offices.Office", on_delete=models.CASCADE, related_name="notification_settings"
    )
    webhook_url = models.URLField(_("webhook address (HTTPS)"), max_length=300, blank=True)
    # HMAC-SHA256 key shared with the gateway; shown once when made, never in a form again.
    webhook_secret = models.CharField(max_length=100, blank=True)
    webhook_kinds = models.JSONField(_("events sent to the webhook"), default=list, blank=True)
    digest_time = models.TimeField(_("daily digest at (office time)"), default=DEFAULT_DIGEST_TIME)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings of an office")
        verbose_name_plural = _("notification settings of offices")

    def __str__(self) -> str:
        return str(self.office_id)

    @property
    def webhook_active(self) -> bool:
        return bool(self.webhook_url and self.webhook_secret)
