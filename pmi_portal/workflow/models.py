"""What every workflow record and its history have in common."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StateChange(models.Model):
    """One applied transition: from where to where, which kind of move, who, when and why.

    Each app's history table subclasses it with a foreign key to its record.
    """

    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30)
    kind = models.CharField(max_length=20)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)
    # The deadline of the state entered, as it was set then (targets may change later).
    due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["changed_at", "pk"]
