"""Outreach (sosialisasi): what an office did to warn its area against non-procedural placement,
where, with whom and for how many people.

An activity stores its office and, unless it was held online, its regency once, and is scoped
by them: the office's staff, its heads and national roles see it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.scoping import RestrictedQuerySet
from pmi_portal.documents.models import PrivateDocument


class Kind(models.TextChoices):
    VILLAGE_MEETING = "village_meeting", _("village meeting")
    SCHOOL = "school", _("school or training centre")
    SECURITY_LIAISON = "security_liaison", _("police and army liaison (Babinsa, Bhabinkamtibmas)")
    MEDIA = "media", _("press, radio or television")
    ONLINE_LIVE = "online_live", _("online live session")
    OTHER = "other", _("other")


class Activity(models.Model):
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    held_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    online = models.BooleanField(_("held online"), default=False)
    # Within the office's working area; none for an online session.
    regency = models.ForeignKey(
        "offices.Regency",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("regency or city"),
    )
    place = models.CharField(_("village or district"), max_length=200, blank=True)
    partner = models.CharField(_("partner institution"), max_length=200, blank=True)
    audience = models.CharField(_("audience"), max_length=200)
    attendance = models.PositiveIntegerField(_("attended"))
    topics = models.TextField(_("topics"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("office",)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("outreach activity")
        verbose_name_plural = _("outreach activities")
        indexes = [
            models.Index(fields=["office", "-held_on"], name="outreach_office_idx"),
            models.Index(fields=["regency", "held_on"], name="outreach_regency_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(online=True) | Q(regency__isnull=False),
                name="outreach_place_or_online",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.held_on:%d-%m-%Y}"

    @property
    def where(self) -> str:
        if self.online:
            return str(_("online"))
        return ", ".join(part for part in (self.place, self.regency.name) if part)


class ActivityDocumentKind(models.TextChoices):
    PHOTO = "photo", _("photo")
    ATTENDANCE_LIST = "attendance_list", _("attendance list")
    REPORT = "report", _("report")


class ActivityDocument(PrivateDocument):
    """A photo or the attendance list of an activity (see pmi_portal.documents)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=ActivityDocumentKind.choices)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("activity__regency",)
    scope_offices = ("activity__office",)

    class Meta(PrivateDocument.Meta):
        pass
