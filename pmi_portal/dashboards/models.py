"""Yearly placement targets, nationally and per office, set by administrators."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Target(models.Model):
    """How many placements (departures) a year should bring: nationally (no office) or for
    one office's working area."""

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    office = models.ForeignKey(
        "offices.Office",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("office"),
        help_text=_("Leave empty for the national target."),
    )
    placements = models.PositiveIntegerField(
        _("placements target"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["-year", "office__name"]
        verbose_name = _("placement target")
        verbose_name_plural = _("placement targets")
        permissions = [("view_dashboard", _("Can see the dashboard of their scope"))]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "office"],
                condition=Q(office__isnull=False),
                name="target_once_per_office_year",
                violation_error_message=_("This office already has a target for this year."),
            ),
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(office__isnull=True),
                name="target_once_nationally_per_year",
                violation_error_message=_("There is already a national target for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100) & Q(placements__gte=1),
                name="target_year_and_count_sane",
            ),
        ]

    def __str__(self) -> str:
        where = self.office.name if self.office_id else _("national")
        return f"{self.year} · {where}: {self.placements}"


def target_for(*, year: int, office=None) -> int | None:
    """The placements target of `year` for `office`, or the national one without an office."""
    found = Target.objects.filter(year=year, office=office).values_list("placements", flat=True)
    return next(iter(found), None)


class SummaryRefresh(models.Model):
    """When the dashboard's summary tables were last rebuilt, and how long it took: one row,
    locked while a refresh runs (pmi_portal.dashboards.summaries)."""

    as_of = models.DateTimeField(_("figures as of"), null=True)
    seconds = models.FloatField(_("refresh took (seconds)"), null=True)

    class Meta:
        verbose_name = _("summary refresh")
        verbose_name_plural = _("summary refreshes")

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d %H:%M:%S}" if self.as_of else "-"
