"""The CPMI/PMI registry: agencies (P3MI), placements and their stages.

The person placed is a `people.Person` (one record per person, shared with returns and
cases); this app calls them the worker. Each record stores its region once (a Regency) and
is scoped by it; see access.scoping.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from placements.stages import BEFORE_DEPARTURE, FINAL, DocumentKind, Stage
from pmi_portal.access.scoping import RestrictedQuerySet
from pmi_portal.dashboards.fields import summary_key
from pmi_portal.documents.models import PrivateDocument
from pmi_portal.workflow.models import StateChange


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
        "people.Person",
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name=_("worker"),
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
    due_at = models.DateTimeField(_("due to leave this stage by"), null=True, blank=True)
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
            # The placements that departed, newest first, a period at a time.
            models.Index(
                fields=["departed_on"],
                condition=Q(departed_on__isnull=False),
                name="placement_departed_idx",
            ),
            # The counter's queue: the longest waiting first, read in this order until the
            # user's scope has given enough (an OR of regencies and offices sorts otherwise).
            models.Index(
                fields=["stage_changed_at"],
                condition=Q(stage__in=BEFORE_DEPARTURE),
                name="placement_waiting_idx",
            ),
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


class StageChange(StateChange):
    """One move of a placement through its stages (see placements.stages.MACHINE)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="history")

    class Meta(StateChange.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.placement}: {self.from_state or '-'} → {self.to_state}"

    @property
    def to_label(self) -> str:
        return Stage(self.to_state).label


class PlacementDocument(PrivateDocument):
    """A scanned document of a stage's checklist (see pmi_portal.documents)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=DocumentKind.choices)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("placement__regency",)
    scope_offices = ("placement__office",)

    class Meta(PrivateDocument.Meta):
        pass


class PlacementCounts(models.Model):
    """Placements counted per home regency, office, scheme and destination: the columns the
    dashboard scopes and filters by (rebuilt by pmi_portal.dashboards.summaries)."""

    regency = summary_key("offices.Regency")
    office = summary_key("offices.Office")
    scheme = models.CharField(max_length=12, choices=Scheme.choices)
    destination = summary_key("offices.Country")
    records = models.PositiveIntegerField()

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("office",)
    scope_permissions_from = Placement

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.regency_id or '-'} · {self.office_id}: {self.records}"


class DepartureSummary(PlacementCounts):
    """Departures per month (of `departed_on`), sector and the worker's sex."""

    month = models.DateField()
    sector = models.CharField(max_length=10, choices=Sector.choices)
    sex = models.CharField(max_length=1)

    class Meta:
        indexes = [
            models.Index(fields=["month"], name="departure_summary_month_idx"),
            # An office's or a province's rows of a period, without reading the nation's.
            models.Index(fields=["regency", "month"], name="departure_summary_regency_idx"),
            models.Index(fields=["office", "month"], name="departure_summary_office_idx"),
        ]


class RegistrationSummary(PlacementCounts):
    """Placements registered per month (of `created_at`, in the portal's time zone)."""

    month = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["month"], name="registration_summary_month_idx"),
            models.Index(fields=["regency", "month"], name="registration_sum_regency_idx"),
            models.Index(fields=["office", "month"], name="registration_sum_office_idx"),
        ]


class StageSummary(PlacementCounts):
    """Placements at each stage, as of the refresh."""

    stage = models.CharField(max_length=20, choices=Stage.choices)
