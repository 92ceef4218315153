"""One record per person: a CPMI at the counter, a returnee at the airport, a victim or a
recruiter in a case. Keyed on the NIK when there is one.

Which fields a given use needs (a CPMI registration needs the next of kin, a returnee may come
with a passport only) is that app's rule; the identity rules (NIK, passport, phone) hold for
every record and are checked by `people.services` whoever calls it.
"""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.scoping import RestrictedQuerySet
from pmi_portal.db import insert_row
from pmi_portal.documents.storage import private_storage


def name_key(name: str) -> str:
    """A name reduced for matching: no accents, punctuation or case, single spaces."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.lower()).split())


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Education(models.TextChoices):
    NONE = "none", _("no formal schooling")
    SD = "sd", _("primary school (SD)")
    SMP = "smp", _("junior secondary (SMP)")
    SMA = "sma", _("senior secondary (SMA/SMK)")
    DIPLOMA = "diploma", _("diploma (D1-D4)")
    BACHELOR = "bachelor", _("bachelor (S1)")
    POSTGRADUATE = "postgraduate", _("postgraduate (S2/S3)")


class PersonQuerySet(RestrictedQuerySet):
    def current(self):
        """People not merged into another record: the ones lists and searches show."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    """A person: a CPMI before departure, a PMI abroad, a PMI purna after return, a victim."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    name_key = models.CharField(max_length=150, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_place = models.CharField(_("place of birth"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    home_regency = models.ForeignKey(
        "offices.Regency",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("home regency or city"),
        help_text=_("Where the person lives; it decides the responsible office."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    education = models.CharField(
        _("education"), max_length=20, choices=Education.choices, blank=True
    )
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    next_of_kin_name = models.CharField(_("next of kin"), max_length=150, blank=True)
    next_of_kin_relation = models.CharField(_("relation"), max_length=50, blank=True)
    next_of_kin_phone = models.CharField(_("next of kin's phone"), max_length=20, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    passport_expiry = models.DateField(_("passport valid until"), null=True, blank=True)
    # A face is identity data: kept in the private store, never under a URL.
    photo = models.FileField(
        _("photo"), storage=private_storage, upload_to="workers/photos/%Y/%m/", blank=True
    )
    registered_by_office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered at"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("registered by"),
    )
    # A record found to be the same person as another is kept, pointing to the one kept, so
    # that a merge can be undone and old links still lead somewhere (see PersonMerge).
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PersonQuerySet.as_manager()
    scope_regions = ("home_regency",)
    scope_offices = ("registered_by_office",)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [("merge_person", _("Can merge two records of one person"))]
        indexes = [
            # The scope's columns ride along (PostgreSQL): a name search reads the people of
            # each name found from the index alone, most of them outside the user's scope.
            models.Index(
                fields=["name_key", "birth_date"],
                include=["id", "home_regency", "registered_by_office", "merged_into"],
                name="person_name_birth_scope_idx",
            ),
            models.Index(fields=["passport_number"], name="worker_passport_idx"),
            models.Index(fields=["home_regency", "-created_at"], name="worker_region_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik__isnull=True) | Q(nik__regex=r"^[0-9]{16}$"),
                name="person_nik_16_digits",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("id")),
                name="person_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self._prepare_to_write()
        super().save(*args, **kwargs)

    def insert(self) -> None:
        """Save this new person by one INSERT of its own (pmi_portal.db.insert_row): nothing
        listens to a person's save, and Model.save() cost a registration 0.1 ms more."""
        self._prepare_to_write()
        insert_row(self)

    def _prepare_to_write(self) -> None:
        self.name_key = name_key(self.full_name)
        if self.nik == "":
            self.nik = None

    @property
    def needs_nik(self) -> bool:
        """Recorded without a NIK (e.g. a returnee with a passport only): to be followed up."""
        return not self.nik


class PossibleDuplicate(models.Model):
    """Two people who may be one (same name and birth date, or same passport).

    Kept as a row the officers can list and resolve, rather than recomputed on every view.
    """

    class Resolution(models.TextChoices):
        OPEN = "open", _("open")
        DIFFERENT = "different", _("different people")
        SAME = "same", _("same person")
        MERGED = "merged", _("merged")

    worker = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    similar_to = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=30)
    resolution = models.CharField(
        max_length=10, choices=Resolution.choices, default=Resolution.OPEN
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    flagged_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()
    # Either person's region: both offices must be able to look into it.
    scope_regions = ("worker__home_regency", "similar_to__home_regency")
    scope_offices = ("worker__registered_by_office", "similar_to__registered_by_office")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "similar_to"], name="possible_duplicate_once_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} ~ {self.similar_to} ({self.reason})"


class PersonMerge(models.Model):
    """Two records of one person made one: what moved, who checked what, and any undoing.

    The merged record is never deleted: it points to the kept one, and `moved` lists every
    row that was re-pointed, so undoing the merge puts exactly those back.
    """

    kept = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("what was checked"), max_length=500)
    # {"app_label.Model.field": [ids]}: the rows re-pointed from `merged` to `kept`.
    moved = models.JSONField(default=dict)
    # {field: value}: fields of `kept` that were empty and filled from `merged`.
    filled = models.JSONField(default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.CharField(_("why it was undone"), max_length=500, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("kept__home_regency", "merged__home_regency")
    scope_offices = ("kept__registered_by_office", "merged__registered_by_office")

    class Meta:
        ordering = ["-merged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["merged"],
                condition=Q(undone_at__isnull=True),
                name="person_merged_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.merged} → {self.kept}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None
