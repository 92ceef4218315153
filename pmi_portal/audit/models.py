"""The audit trail: who did what to which record, when, from where; never edited."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.scoping import RestrictedQuerySet
from pmi_portal.audit.chain import seal_on_commit
from pmi_portal.db import insert_row, insert_rows


class AuditAction(models.IntegerChoices):
    CREATE = 1, _("created")
    UPDATE = 2, _("changed")
    DELETE = 3, _("deleted")
    MERGE = 4, _("merged two records of one person")
    MERGE_UNDONE = 5, _("undid a merge")
    VIEW_IDENTITY = 10, _("viewed identity data")
    EXPORT = 11, _("exported")
    CROSS_OFFICE_MATCH = 12, _("matched a record outside the office's area")
    OUT_OF_SCOPE = 13, _("asked for a record outside the user's scope")
    LOGIN = 20, _("logged in")
    LOGOUT = 21, _("logged out")
    LOGIN_FAILED = 22, _("failed to log in")
    LOCKED_OUT = 23, _("locked out")


class ImmutableError(Exception):
    """An audit event cannot be changed or deleted."""


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    action = models.PositiveSmallIntegerField(_("action"), choices=AuditAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    actor_office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office of the actor"),
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("record type")
    )
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    regency = models.ForeignKey(
        "offices.Regency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region of the record"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    chain_hash = models.CharField(
        _("chain hash"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of this event and the hash of the one before it."),
    )
    # The event's place in the hash chain, given when it is sealed after its commit; none yet
    # while it waits (pmi_portal.audit.chain.seal).
    chain_seq = models.BigIntegerField(
        _("place in the chain"), null=True, blank=True, unique=True, editable=False
    )

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("actor_office",)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["regency", "-occurred_at"], name="audit_regency_time_idx"),
            models.Index(fields=["actor_office", "-occurred_at"], name="audit_office_time_idx"),
            models.Index(fields=["-occurred_at"], name="audit_time_idx"),
            models.Index(
                fields=["id"], condition=models.Q(chain_seq__isnull=True), name="audit_unsealed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_username or '-'} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        """Write the event unchained, in one INSERT (nothing listens to its saves:
        pmi_portal.db.insert_row); it is chained once its transaction commits
        (`pmi_portal.audit.chain.seal`)."""
        if not self._state.adding:
            raise ImmutableError("audit events are never changed")
        self.chain_seq, self.chain_hash = None, ""
        if args or kwargs:
            super().save(*args, **kwargs)
        else:
            insert_row(self)
        seal_on_commit()

    @classmethod
    def create_together(cls, events: list["AuditEvent"]) -> list["AuditEvent"]:
        """Write the new `events` in one INSERT (pmi_portal.db.insert_rows), unchained as `save`
        writes one; chained once their transaction commits."""
        for event in events:
            if not event._state.adding:
                raise ImmutableError("audit events are never changed")
            event.chain_seq, event.chain_hash = None, ""
        insert_rows(events)
        seal_on_commit()
        return events

    def delete(self, *args, **kwargs):
        raise ImmutableError("audit events are never deleted")
