"""The counter as a public-service unit: the published standard of each of its services, and
the community satisfaction survey (Survei Kepuasan Masyarakat, SKM, PermenPANRB 14/2017).

A standard and an answer belong to one office and are scoped by it. An answer keeps nothing of
who gave it: the office, the service, the day and the nine scores. Which receipt was used is
kept apart, as a keyed hash with no link to the answer (`SurveyReceiptUse`).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.scoping import RestrictedQuerySet


class CounterService(models.TextChoices):
    REGISTRATION = "registration", _("CPMI registration")
    DOCUMENT_CHECK = "document_check", _("document check")
    COMPLAINT_INTAKE = "complaint_intake", _("complaint intake")


# The nine elements (unsur) of PermenPANRB 14/2017, in its order: (code, element, question).
ELEMENTS = [
    ("u1", _("Requirements"),
     _("How well do the requirements fit the service you received?")),
    ("u2", _("Procedure"),
     _("How easy was the procedure of the service?")),
    ("u3", _("Completion time"),
     _("How fast was the service completed?")),
    ("u4", _("Cost"),
     _("How fair was the cost of the service (it is free)?")),
    ("u5", _("Product of the service"),
     _("How well did what you received match the published standard?")),
    ("u6", _("Competence of the staff"),
     _("How competent were the officers who served you?")),
    ("u7", _("Conduct of the staff"),
     _("How courteous and friendly were the officers?")),
    ("u8", _("Handling of complaints and suggestions"),
     _("How well are complaints, suggestions and feedback handled?")),
    ("u9", _("Facilities"),
     _("How good are the facilities of the office?")),
]  # fmt: skip
ELEMENT_CODES = [code for code, _element, _question in ELEMENTS]
SCORES = [
    (1, _("poor")),
    (2, _("fair")),
    (3, _("good")),
    (4, _("very good")),
]


class ServiceStandard(models.Model):
    """What a service asks, how it runs and how long it takes at one office; it is free."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    service = models.CharField(_("service"), max_length=20, choices=CounterService.choices)
    requirements_id = models.TextField(_("requirements (Indonesian)"), max_length=4000)
    requirements_en = models.TextField(_("requirements (English)"), max_length=4000)
    steps_id = models.TextField(_("steps (Indonesian)"), max_length=4000)
    steps_en = models.TextField(_("steps (English)"), max_length=4000)
    promised_minutes = models.PositiveIntegerField(
        _("promised time (minutes)"), validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_offices = ("office",)

    class Meta:
        ordering = ["office", "service"]
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [
            models.UniqueConstraint(fields=["office", "service"], name="standard_once_per_office"),
            models.CheckConstraint(
                condition=Q(promised_minutes__gte=1, promised_minutes__lte=1440),
                name="standard_promised_time_in_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.get_service_display()}"

    def requirements(self, language: str) -> str:
        return self.requirements_en if language == "en" else self.requirements_id

    def steps(self, language: str) -> str:
        return self.steps_en if language == "en" else self.steps_id


def _score(name: str):
    return models.PositiveSmallIntegerField(
        name, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )


class SurveyAnswer(models.Model):
    """One SKM questionnaire as a person answered it: anonymous, a day, nine scores of 1-4."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    service = models.CharField(_("service"), max_length=20, choices=CounterService.choices)
    # The day only: a time would let the answer be matched to the counter's records.
    answered_on = models.DateField(_("answered on"))
    u1 = _score("u1")
    u2 = _score("u2")
    u3 = _score("u3")
    u4 = _score("u4")
    u5 = _score("u5")
    u6 = _score("u6")
    u7 = _score("u7")
    u8 = _score("u8")
    u9 = _score("u9")

    objects = RestrictedQuerySet.as_manager()
    scope_offices = ("office",)

    class Meta:
        verbose_name = _("SKM answer")
        verbose_name_plural = _("SKM answers")
        indexes = [models.Index(fields=["office", "answered_on"], name="skm_office_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{code}__gte": 1, f"{code}__lte": 4}), name=f"skm_{code}_1_to_4"
            )
            for code in ELEMENT_CODES
        ]

    def __str__(self) -> str:
        return f"{self.office} · {self.answered_on:%d-%m-%Y}"


class SurveyReceiptUse(models.Model):
    """A receipt whose survey was answered: one receipt, one answer. The receipt is kept as a
    keyed hash (`django.utils.crypto.salted_hmac`) and nothing links it to the answer: the hash
    is the key, so no sequence numbers the uses in the order the answers were numbered."""

    receipt_hash = models.CharField(max_length=64, primary_key=True, editable=False)

    def __str__(self) -> str:
        return f"{self.receipt_hash[:8]}…"


class ServiceTime(models.Model):
    """How long one counter service took: from the officer opening the person's record (or
    the registration form) to the receipt. Measured by the pages, never typed in."""

    office = models.ForeignKey(
        "offices.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
    )
    service = models.CharField(_("service"), max_length=20, choices=CounterService.choices)
    # The receipt the service ended with, e.g. "registration:<placement id>": measured once.
    receipt = models.CharField(max_length=60, unique=True, editable=False)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    started_at = models.DateTimeField(_("record opened"))
    finished_at = models.DateTimeField(_("receipt"))
    seconds = models.PositiveIntegerField(_("seconds"))

    objects = RestrictedQuerySet.as_manager()
    scope_offices = ("office",)

    class Meta:
        verbose_name = _("service time")
        verbose_name_plural = _("service times")
        indexes = [models.Index(fields=["office", "finished_at"], name="service_time_office_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__gte=models.F("started_at")),
                name="service_time_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.receipt} · {self.seconds} s"
