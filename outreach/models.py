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


class ProgrammeKind(models.TextChoices):
    TRAINING = "training", _("skills training")
    BUSINESS_SUPPORT = "business_support", _("business support")
    LANGUAGE_COURSE = "language_course", _("language course")


class Programme(models.Model):
    """An empowerment programme of an office for returned workers (PMI purna) and their
    families: training, business support, a language course with a training centre."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProgrammeKind.choices)
    title = models.CharField(_("title"), max_length=200)
    partner = models.CharField(_("partner institution"), max_length=200, blank=True)
    # Where it is held, in the office's working area.
    regency = models.ForeignKey(
        "offices.Regency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("regency or city"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("office",)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("empowerment programme")
        verbose_name_plural = _("empowerment programmes")
        indexes = [models.Index(fields=["office", "-starts_on"], name="programme_office_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Relation(models.TextChoices):
    RETURNED_WORKER = "returned_worker", _("returned worker (PMI purna)")
    FAMILY = "family", _("family member")


class Participant(models.Model):
    """A person in a programme, on the one person record (people.Person)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="programme_places"
    )
    relation = models.CharField(_("taking part as"), max_length=20, choices=Relation.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("programme__regency",)
    scope_offices = ("programme__office",)

    class Meta:
        # No uniqueness on (programme, person): a merge of two person records
        # (people.services) moves both rows onto the one kept and must not fail on it; the
        # service refuses a person already taking part.
        ordering = ["added_at", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.programme} · {self.person}"
