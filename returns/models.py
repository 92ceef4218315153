"""Arrivals at the airport return post, their handover (serah terima) to the office of the
person's home region, and departures stopped at the airport (pencegahan).

Each record stores its region once and is scoped by it, by the receiving office and by the
post that logged it: the post, the home office and their heads all see it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.scoping import RestrictedQuerySet
from pmi_portal.dashboards.fields import summary_key
from pmi_portal.workflow.models import StateChange


class Category(models.TextChoices):
    REGULAR = "regular", _("regular return (contract ended)")
    TROUBLED = "troubled", _("troubled return (PMI bermasalah)")


class Trouble(models.TextChoices):
    """What made a return troubled; an arrival may have several."""

    DEPORTED = "deported", _("deported")
    SICK = "sick", _("sick")
    DECEASED = "deceased", _("deceased (repatriation of remains)")
    TRAFFICKING = "trafficking", _("trafficking victim")
    UNPAID_WAGES = "unpaid_wages", _("unpaid wages")
    ABUSE = "abuse", _("abuse")
    UNDOCUMENTED = "undocumented", _("undocumented")
    PREGNANT_OR_CHILDREN = "pregnant_or_children", _("pregnant or with children")


class Handover(models.TextChoices):
    """Serah terima: the post hands the person over; the home office confirms receipt."""

    AWAITING = "awaiting", _("awaiting handover")
    IN_TRANSIT = "in_transit", _("on the way home")
    RECEIVED = "received", _("received by the home office")


class Arrival(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="arrivals", verbose_name=_("person")
    )
    flight_number = models.CharField(_("flight"), max_length=10)
    arrived_at = models.DateTimeField(_("arrived at"), default=timezone.now)
    terminal = models.CharField(_("terminal"), max_length=10, blank=True)
    from_country = models.ForeignKey(
        "offices.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("coming from")
    )
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    troubles = models.JSONField(_("troubles"), default=list, blank=True)
    # Repatriation of remains (jenazah).
    cause_of_death = models.CharField(_("cause of death, as reported"), max_length=300, blank=True)
    remains_transport = models.CharField(
        _("cargo and ambulance arrangements"), max_length=300, blank=True
    )
    family_contacted = models.BooleanField(_("family contacted"), default=False)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    # No placement on record for the person: a likely non-procedural departure.
    no_placement_on_record = models.BooleanField(_("no placement on record"), default=False)
    # The region the person goes home to, and the office that receives them.
    regency = models.ForeignKey(
        "offices.Regency",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("home regency"),
    )
    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving office"),
    )
    post = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("logged at")
    )
    handover = models.CharField(
        _("handover"), max_length=12, choices=Handover.choices, default=Handover.AWAITING
    )
    handover_changed_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("handover due by"), null=True, blank=True)
    transport_by = models.CharField(_("taken home by"), max_length=150, blank=True)
    transport_to = models.CharField(_("taken to"), max_length=200, blank=True)
    transport_departs_at = models.DateTimeField(_("leaves at"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    receipt_note = models.CharField(_("note of receipt"), max_length=500, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("office", "post")

    class Meta:
        ordering = ["-arrived_at", "-pk"]
        verbose_name = _("arrival")
        verbose_name_plural = _("arrivals")
        indexes = [
            models.Index(fields=["office", "handover", "due_at"], name="arrival_handover_idx"),
            models.Index(fields=["post", "-arrived_at"], name="arrival_post_idx"),
            models.Index(fields=["regency", "-arrived_at"], name="arrival_region_idx"),
            models.Index(fields=["-arrived_at"], name="arrival_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.flight_number} {self.arrived_at:%d-%m-%Y}"

    @property
    def is_troubled(self) -> bool:
        return self.category == Category.TROUBLED

    @property
    def trouble_labels(self) -> list[str]:
        labels = dict(Trouble.choices)
        return [str(labels.get(code, code)) for code in self.troubles]

    @property
    def is_overdue(self) -> bool:
        return (
            self.handover != Handover.RECEIVED
            and self.due_at is not None
            and self.due_at < timezone.now()
        )


class HandoverChange(StateChange):
    """One step of an arrival's handover (see returns.handover.MACHINE)."""

    arrival = models.ForeignKey(Arrival, on_delete=models.CASCADE, related_name="history")

    class Meta(StateChange.Meta):
        pass


class Interception(models.Model):
    """A person stopped at the airport from departing outside the legal procedure."""

    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="interceptions",
        verbose_name=_("person"),
    )
    intercepted_at = models.DateTimeField(_("stopped at"), default=timezone.now)
    flight_number = models.CharField(_("flight"), max_length=10, blank=True)
    destination = models.ForeignKey(
        "offices.Country",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("was going to"),
    )
    agency = models.ForeignKey(
        "placements.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("agency (P3MI) involved"),
    )
    recruiter = models.CharField(_("recruiter (calo/sponsor) involved"), max_length=200, blank=True)
    account = models.TextField(_("what happened"), max_length=4000)
    regency = models.ForeignKey(
        "offices.Regency",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("home regency"),
    )
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("home office")
    )
    post = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("stopped at")
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("office", "post")

    class Meta:
        ordering = ["-intercepted_at", "-pk"]
        verbose_name = _("departure interception")
        verbose_name_plural = _("departure interceptions")
        indexes = [
            models.Index(fields=["office", "-intercepted_at"], name="interception_office_idx"),
            models.Index(fields=["post", "-intercepted_at"], name="interception_post_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.intercepted_at:%d-%m-%Y}"


class ArrivalSummary(models.Model):
    """Arrivals counted per home regency, receiving office, post, month (of `arrived_at`, in
    the portal's time zone) and the codes the dashboard shows and filters by, with their
    handover waiting or overdue as of the refresh (rebuilt by pmi_portal.dashboards.summaries)."""

    regency = summary_key("offices.Regency", null=True)
    office = summary_key("offices.Office")
    post = summary_key("offices.Office")
    month = models.DateField()
    category = models.CharField(max_length=10, choices=Category.choices)
    troubles = models.JSONField(default=list)
    from_country = summary_key("offices.Country")
    no_placement_on_record = models.BooleanField()
    waiting = models.BooleanField()  # handover not yet received
    overdue = models.BooleanField()  # waiting past its due time
    records = models.PositiveIntegerField()

    objects = RestrictedQuerySet.as_manager()
    scope_regions = Arrival.scope_regions
    scope_offices = Arrival.scope_offices
    scope_permissions_from = Arrival

    class Meta:
        indexes = [
            models.Index(fields=["month"], name="arrival_summary_month_idx"),
            # An office's or a province's rows of a period, without reading the nation's.
            models.Index(fields=["regency", "month"], name="arrival_summary_regency_idx"),
            models.Index(fields=["office", "month"], name="arrival_summary_office_idx"),
            models.Index(fields=["post", "month"], name="arrival_summary_post_idx"),
            # Handovers waiting are few among all the months' arrivals.
            models.Index(
                fields=["office"],
                condition=models.Q(waiting=True),
                name="arrival_summary_waiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regency_id or '-'} · {self.office_id}: {self.records}"
