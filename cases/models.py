"""Reports of illegal placement and trafficking (TPPO), from staff and from the public, and
what became of them: verification, investigation, referral to other institutions, outcome.

A case stores its region and its office once and is scoped by them and by its handler
(`assigned_to`): the office, its heads and the handler it is given to see it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.scoping import RestrictedQuerySet
from pmi_portal.dashboards.fields import summary_key
from pmi_portal.documents.models import PrivateDocument
from pmi_portal.workflow.models import StateChange


class CaseType(models.TextChoices):
    NON_PROCEDURAL = "non_procedural", _("non-procedural placement")
    TRAFFICKING = "trafficking", _("trafficking in persons (TPPO)")
    UNLICENSED_RECRUITER = "unlicensed_recruiter", _("unlicensed recruiter (calo/sponsor)")
    DOCUMENT_FRAUD = "document_fraud", _("forged or falsified documents")
    OVERCHARGING = "overcharging", _("overcharging of placement costs")
    UNPAID_WAGES = "unpaid_wages", _("unpaid wages")
    ABUSE = "abuse", _("abuse or violence")
    MISSING_CONTACT = "missing_contact", _("lost contact with a relative abroad")
    REPATRIATION_REQUEST = "repatriation_request", _("wants to be brought home")
    OTHER = "other", _("other")


class Source(models.TextChoices):
    COUNTER = "counter", _("walk-in at the counter")
    HOTLINE = "hotline", _("hotline")
    TROUBLED_RETURN = "troubled_return", _("troubled return at the airport")
    INTERCEPTION = "interception", _("departure stopped at the airport")
    POLICE = "police", _("police")
    FAMILY = "family", _("family")
    PUBLIC_REPORT = "public_report", _("public report (lapor)")


# What staff may open a case from: public reports arrive only through the public form.
STAFF_SOURCES = [choice for choice in Source.choices if choice[0] != Source.PUBLIC_REPORT]


class State(models.TextChoices):
    REPORTED = "reported", _("reported")
    VERIFIED = "verified", _("verified")
    REJECTED = "rejected", _("rejected (unfounded)")
    MERGED = "merged", _("merged into another case")
    UNDER_INVESTIGATION = "under_investigation", _("under investigation")
    REFERRED = "referred", _("referred")
    RESOLVED = "resolved", _("resolved")
    CLOSED = "closed", _("closed")


# States in which a case no longer waits on anyone.
FINISHED_STATES = (State.REJECTED, State.MERGED, State.CLOSED)


class Case(models.Model):
    # KSS-<year>-<number>, numbered from the row's key so two offices never draw the same one.
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    case_type = models.CharField(_("type"), max_length=24, choices=CaseType.choices)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    description = models.TextField(_("what happened"), max_length=8000)
    # Where it happened or the victim's home: it decides the office (routing).
    regency = models.ForeignKey(
        "offices.Regency",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("regency or city"),
    )
    country = models.ForeignKey(
        "offices.Country",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("country abroad"),
    )
    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("handler"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.REPORTED
    )
    state_changed_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField(_("due by"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="merged_cases",
        null=True,
        blank=True,
        verbose_name=_("duplicate of"),
    )
    outcome = models.TextField(_("outcome"), max_length=4000, blank=True)
    arrival = models.ForeignKey(
        "returns.Arrival",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("arrival"),
    )
    interception = models.ForeignKey(
        "returns.Interception",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("departure interception"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("office",)
    scope_assignees = ("assigned_to",)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("assign_case", _("Can give a case to a handler")),
            ("transfer_case", _("Can move a case to another office")),
        ]
        indexes = [
            models.Index(fields=["office", "state", "due_at"], name="case_office_idx"),
            # A handler's cases by deadline, as their queue reads them (cases.selectors), with
            # what tells the open ones in scope: the first page in the index alone, where the
            # index by handler and state read and sorted all of a handler's 539 open cases.
            models.Index(
                fields=["assigned_to", "due_at"],
                include=["id", "state", "regency", "office"],
                name="case_handler_due_idx",
            ),
            models.Index(fields=["regency", "-created_at"], name="case_region_idx"),
            models.Index(fields=["due_at"], name="case_due_idx"),
            # The newest first, as the lists of all cases read them (national users: the whole
            # table, 64 ms sorted at 100,000 cases without it); with the scope's columns, so a
            # page's keys are found in the index alone (cases.selectors.cases_of_page): an
            # office's first page of all its cases read 3,000 other offices' rows without them.
            models.Index(
                fields=["-created_at", "-id"],
                include=["regency", "office", "assigned_to"],
                name="case_newest_scope_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_finished(self) -> bool:
        return self.state in FINISHED_STATES

    @property
    def is_overdue(self) -> bool:
        return self.due_at is not None and self.due_at < timezone.now()


class CaseStateChange(StateChange):
    """One step of a case (see cases.states.MACHINE)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="history")

    class Meta(StateChange.Meta):
        pass

    @property
    def to_state_label(self) -> str:
        return str(dict(State.choices).get(self.to_state, self.to_state))


class PartyRole(models.TextChoices):
    VICTIM = "victim", _("victim")
    RECRUITER = "recruiter", _("recruiter (calo/sponsor)")
    WITNESS = "witness", _("witness")
    REPORTER = "reporter", _("reporter")


class CaseParty(models.Model):
    """A person in a case: victims, recruiters and witnesses are each one `Person` record."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="case_parties"
    )
    role = models.CharField(_("role"), max_length=12, choices=PartyRole.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # No uniqueness on (case, person, role): a merge of two person records (people.services)
        # moves both rows onto the one kept, and must not fail on it.
        ordering = ["role", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_role_display()}"


class CaseAgency(models.Model):
    """A placement agency (P3MI) involved in a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="agencies")
    agency = models.ForeignKey("placements.Agency", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "agency"], name="case_agency_once")]

    def __str__(self) -> str:
        return f"{self.case} · {self.agency}"


class CaseNote(models.Model):
    """A handler's note, or more information from the public reporter (no author then)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(_("note"), max_length=4000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    from_reporter = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.created_at:%d-%m-%Y}"


class Institution(models.TextChoices):
    POLICE = "police", _("police (Polri)")
    IMMIGRATION = "immigration", _("immigration")
    MANPOWER = "manpower", _("manpower service (Disnaker)")
    SOCIAL = "social", _("social service (Dinsos)")
    CONSULATE = "consulate", _("consulate or embassy abroad")
    OTHER = "other", _("other")


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    institution = models.CharField(_("institution"), max_length=12, choices=Institution.choices)
    institution_name = models.CharField(_("name of the institution"), max_length=200)
    reference_number = models.CharField(_("letter number"), max_length=100, blank=True)
    sent_on = models.DateField(_("sent on"))
    answer = models.TextField(_("answer"), max_length=4000, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("case__regency",)
    scope_offices = ("case__office",)
    scope_assignees = ("case__assigned_to",)

    class Meta:
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} → {self.institution_name}"


class LegalStepKind(models.TextChoices):
    POLICE_REPORT = "police_report", _("police report filed")
    SUSPECTS_NAMED = "suspects_named", _("suspects named")
    TRIAL = "trial", _("trial")
    VERDICT = "verdict", _("verdict")


class Verdict(models.TextChoices):
    CONVICTED = "convicted", _("convicted")
    ACQUITTED = "acquitted", _("acquitted")


class LegalStep(models.Model):
    """A step of the law-enforcement track of a case (police report to verdict)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_steps")
    kind = models.CharField(_("step"), max_length=16, choices=LegalStepKind.choices)
    happened_on = models.DateField(_("date"))
    reference = models.CharField(_("reference (report or case number)"), max_length=100, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["happened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="verdict", verdict__in=["convicted", "acquitted"])
                | (~models.Q(kind="verdict") & models.Q(verdict="")),
                name="legal_step_verdict_only_on_verdict",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"


class CaseDocumentKind(models.TextChoices):
    EVIDENCE = "evidence", _("evidence")
    STATEMENT = "statement", _("statement")
    POLICE_REPORT = "police_report", _("police report")
    LETTER = "letter", _("letter")
    FROM_REPORTER = "from_reporter", _("sent by the reporter")


class CaseDocument(PrivateDocument):
    """Evidence of a case (see pmi_portal.documents)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=30, choices=CaseDocumentKind.choices)

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("case__regency",)
    scope_offices = ("case__office",)
    scope_assignees = ("case__assigned_to",)

    class Meta(PrivateDocument.Meta):
        pass


class PublicReport(models.Model):
    """The tie of a case to the member of the public who reported it: how they follow it.

    The receipt code is shown to them once; only its SHA-256 hash is kept, found by a short
    prefix. Nothing about the reporter is kept but the contact they chose to give.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="public_report")
    receipt_prefix = models.CharField(max_length=6, db_index=True, editable=False)
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    contact = models.CharField(_("contact"), max_length=150, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.case} ({self.receipt_prefix}…)"


class CaseCounts(models.Model):
    """Counts over cases per region, office and handler of the case (its scope columns) and a
    month, rebuilt by pmi_portal.dashboards.summaries for the heads' dashboard."""

    regency = summary_key("offices.Regency", null=True)
    office = summary_key("offices.Office")
    assigned_to = summary_key(settings.AUTH_USER_MODEL, null=True)
    # The case's country abroad: the dashboard's destination filter.
    country = summary_key("offices.Country", null=True)
    month = models.DateField()
    records = models.PositiveIntegerField()

    objects = RestrictedQuerySet.as_manager()
    scope_regions = ("regency",)
    scope_offices = ("office",)
    scope_assignees = ("assigned_to",)
    scope_permissions_from = Case

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.regency_id or '-'} · {self.office_id}: {self.records}"


class CaseSummary(CaseCounts):
    """Cases per month opened, type and state; for open ones how long they have been open
    (dashboard age bucket) and whether overdue, as of the refresh."""

    case_type = models.CharField(max_length=24, choices=CaseType.choices)
    state = models.CharField(max_length=20, choices=State.choices)
    age = models.CharField(max_length=10, blank=True)  # "" for a finished case
    overdue = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(fields=["month"], name="case_summary_month_idx"),
            # An office's or a province's rows of a period, without reading the nation's.
            models.Index(fields=["regency", "month"], name="case_summary_regency_idx"),
            models.Index(fields=["office", "month"], name="case_summary_office_idx"),
            models.Index(
                fields=["office"], condition=~models.Q(age=""), name="case_summary_open_idx"
            ),
        ]


class CaseEventSummary(CaseCounts):
    """Referrals per month sent and institution, and verdicts per month and verdict."""

    event = models.CharField(max_length=10)  # "referral" or "verdict"
    code = models.CharField(max_length=12)  # the institution or the verdict


class CaseInvolvedSummary(CaseCounts):
    """Cases per month opened naming an agency or a recruiter, by name (cases, not mentions)."""

    event = models.CharField(max_length=10)  # "agency" or "recruiter"
    name = models.CharField(max_length=200)
