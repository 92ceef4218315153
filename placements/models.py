"""The CPMI/PMI registry: one Worker per person (keyed on NIK), agencies (P3MI) and placements.

Each record stores its region once (a Regency) and is scoped by it; see access.scoping.
"""

import re
import unicodedata

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placements.stages import ACTIVE, FINAL, DocumentKind, Move, Stage
from pmi_portal.access.scoping import RestrictedQuerySet


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


class Worker(models.Model):
    """A person: a CPMI before departure, a PMI abroad, a PMI purna after return."""

    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    name_key = models.CharField(max_length=150, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_place = models.CharField(_("place of birth"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    home_regency = models.ForeignKey(
        "offices.Regency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("home regency or city"),
        help_text=_("Where the worker lives; it decides the responsible office."),
    )
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    skills = models.CharField(_("skills"), max_length=300, blank=True)
    next_of_kin_name = models.CharField(_("next of kin"), max_length=150)
    next_of_kin_relation = models.CharField(_("relation"), max_length=50)
    next_of_kin_phone = models.CharField(_("next of kin's phone"), max_length=20)
    passport_number = models.CharField(_("passport number"), max_length=20, blank=True)
    passport_expiry = models.DateField(_("passport valid until"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to="workers/photos/%Y/%m/", blank=True)
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
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("home_regency",)
    scope_offices = ("registered_by_office",)

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        indexes = [
            models.Index(fields=["name_key", "birth_date"], name="worker_name_birth_idx"),
            models.Index(fields=["passport_number"], name="worker_passport_idx"),
            models.Index(fields=["home_regency", "-created_at"], name="worker_region_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(nik__regex=r"^[0-9]{16}$"), name="worker_nik_16_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_key = name_key(self.full_name)
        super().save(*args, **kwargs)

    @property
    def active_placement(self) -> "Placement | None":
        return self.placements.filter(stage__in=ACTIVE).first()


class Agency(models.Model):
    """A licensed private placement company (P3MI)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        REVOKED = "revoked", _("revoked")

    name = models.CharField(_("name"), max_length=200)
    licence_number = models.CharField(_("licence number"), max_length=60, unique=True)
    status = models.CharField(
        _("licence status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_reason = models.CharField(_("reason of the status"), max_length=300, blank=True)
    status_changed_at = models.DateTimeField(_("status since"), default=timezone.now)
    regency = models.ForeignKey(
        "offices.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("seat")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency (P3MI)")
        verbose_name_plural = _("agencies (P3MI)")

    def __str__(self) -> str:
        return self.name

    @property
    def may_place(self) -> bool:
        return self.status == self.Status.ACTIVE


class AgencyStatusChange(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="status_history")
    from_status = models.CharField(max_length=10, choices=Agency.Status.choices)
    to_status = models.CharField(max_length=10, choices=Agency.Status.choices)
    reason = models.CharField(_("reason"), max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.agency}: {self.from_status} → {self.to_status}"


class Scheme(models.TextChoices):
    G_TO_G = "g2g", _("G to G (government to government)")
    P_TO_P = "p2p", _("P to P (through a P3MI agency)")
    UKPS = "ukps", _("UKPS (company placing its own staff)")
    INDIVIDUAL = "individual", _("individual (perseorangan)")


class Sector(models.TextChoices):
    FORMAL = "formal", _("formal")
    INFORMAL = "informal", _("informal (domestic)")


class Currency(models.TextChoices):
    MYR = "MYR", "MYR"
    TWD = "TWD", "TWD"
    HKD = "HKD", "HKD"
    SAR = "SAR", "SAR"
    KRW = "KRW", "KRW"
    JPY = "JPY", "JPY"
    SGD = "SGD", "SGD"
    AED = "AED", "AED"
    QAR = "QAR", "QAR"
    KWD = "KWD", "KWD"
    BND = "BND", "BND"
    USD = "USD", "USD"
    EUR = "EUR", "EUR"
    IDR = "IDR", "IDR"


class Placement(models.Model):
    """One journey abroad of a worker, through the legal stages to departure and back."""

    worker = models.ForeignKey(
        Worker, on_delete=models.PROTECT, related_name="placements", verbose_name=_("worker")
    )
    scheme = models.CharField(_("scheme"), max_length=12, choices=Scheme.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="placements",
        null=True,
        blank=True,
        verbose_name=_("agency (P3MI)"),
    )
    destination = models.ForeignKey(
        "offices.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("destination country"),
    )
    employer_name = models.CharField(_("employer"), max_length=200)
    sector = models.CharField(_("sector"), max_length=10, choices=Sector.choices)
    job_title = models.CharField(_("job"), max_length=100)
    contract_months = models.PositiveSmallIntegerField(
        _("contract length (months)"), validators=[MinValueValidator(1)]
    )
    salary_amount = models.DecimalField(
        _("monthly salary"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    salary_currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.REGISTERED
    )
    stage_changed_at = models.DateTimeField(_("in this stage since"), default=timezone.now)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    # The region is the worker's home at registration, stored once; the office is the one that
    # handles the placement.
    regency = models.ForeignKey(
        "offices.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("handling office"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("registered on"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("office",)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        indexes = [
            models.Index(
                fields=["regency", "stage", "stage_changed_at"], name="placement_queue_idx"
            ),
            models.Index(
                fields=["office", "stage", "stage_changed_at"], name="placement_office_idx"
            ),
            models.Index(fields=["created_at"], name="placement_created_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"],
                condition=~Q(stage__in=sorted(FINAL)),
                name="placement_one_active_per_worker",
                violation_error_message=_("This worker already has an active placement."),
            ),
            models.CheckConstraint(
                condition=~Q(scheme="p2p") | Q(agency__isnull=False),
                name="placement_p2p_has_agency",
                violation_error_message=_("A P to P placement goes through an agency."),
            ),
            models.CheckConstraint(
                condition=Q(contract_months__gte=1) & Q(salary_amount__gte=0),
                name="placement_contract_and_salary_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} → {self.destination}"

    @property
    def is_active(self) -> bool:
        return self.stage not in FINAL


class StageChange(models.Model):
    """One move of a placement: who, when, from where to where, and why."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    move = models.CharField(max_length=10, choices=Move.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    office = models.ForeignKey("offices.Office", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.placement}: {self.from_stage or '-'} → {self.to_stage}"


class PlacementDocument(models.Model):
    """A scanned document of a stage's checklist; stored outside the web root."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(upload_to="placements/documents/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.original_name})"


class PossibleDuplicate(models.Model):
    """Two workers who may be one person (same name and birth date, or same passport).

    Kept as a row the officers can list and resolve, rather than recomputed on every view.
    """

    class Resolution(models.TextChoices):
        OPEN = "open", _("open")
        DIFFERENT = "different", _("different people")
        SAME = "same", _("same person")

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
    similar_to = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="+")
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
