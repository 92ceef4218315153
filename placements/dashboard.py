"""The placements part of the heads' dashboard: the year against its target, departures of
the period by month, scheme, destination, sector, sex and province, and the pipeline now, read
from the summaries declared here (`SUMMARIES`)."""

import datetime

from django.db.models import DateField, F
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placements.models import (
    DepartureSummary,
    Placement,
    RegistrationSummary,
    Scheme,
    Sector,
    StageSummary,
)
from placements.stages import FINAL, Stage
from pmi_portal.access.scoping import scope_of
from pmi_portal.dashboards.models import target_for
from pmi_portal.dashboards.sections import (
    DESTINATION,
    Figure,
    Filters,
    FilterSpec,
    Section,
    SectionSpec,
    Table,
    country_labels,
    dashboard_section,
    province_labels,
    rows_from,
    rows_in_order,
)
from pmi_portal.dashboards.summaries import Summary, sums, sums_by, total
from pmi_portal.people.models import Sex

SPEC = SectionSpec(
    key="placements",
    title=gettext_lazy("Placements"),
    figures={
        "departed_in_year": gettext_lazy(
            "Placements departed in the year of the period's last month (January to December)."
        ),
        "target": gettext_lazy(
            "The placements target of that year for the user's office (nationally for national "
            "roles); null when none is set or a province is chosen."
        ),
        "target_reached_percent": gettext_lazy(
            "Departures of the year as a whole percentage of the target; null without a target."
        ),
        "departed": gettext_lazy("Placements departed in the period."),
        "registered": gettext_lazy("Placements registered in the period."),
        "active": gettext_lazy("Placements under way now (neither returned nor cancelled)."),
    },
    tables={
        "by_stage": gettext_lazy("Placements now at each stage: stage code to count."),
        "by_month": gettext_lazy("Departures per month of the period: YYYY-MM to count."),
        "by_scheme": gettext_lazy("Departures of the period per scheme code."),
        "by_destination": gettext_lazy(
            "Departures of the period per destination country (ISO 3166-1 alpha-2 code)."
        ),
        "by_sector": gettext_lazy("Departures of the period per sector code."),
        "by_sex": gettext_lazy("Departures of the period per sex of the worker (F, M)."),
        "by_province": gettext_lazy(
            "Departures of the period per home province (Kemendagri code)."
        ),
    },
    nullable=frozenset({"target", "target_reached_percent"}),
    filters=(
        FilterSpec("scheme", gettext_lazy("Placement scheme"), lambda: list(Scheme.choices)),
        DESTINATION,
    ),
)


PROVINCE = "regency__province"

# The columns of every placements summary (PlacementCounts).
_COUNTED_BY = ("regency", "office", "scheme", "destination")
SUMMARIES = [
    Summary(
        DepartureSummary,
        lambda now: Placement.objects.filter(departed_on__isnull=False).annotate(
            month=TruncMonth("departed_on"), sex=F("worker__sex")
        ),
        (*_COUNTED_BY, "month", "sector", "sex"),
    ),
    Summary(
        RegistrationSummary,
        lambda now: Placement.objects.annotate(
            month=TruncMonth("created_at", output_field=DateField())
        ),
        (*_COUNTED_BY, "month"),
    ),
    Summary(
        StageSummary,
        lambda now: Placement.objects.all(),
        (*_COUNTED_BY, "stage"),
        clustered_by=None,
    ),
]


def _target(user, filters: Filters) -> int | None:
    if filters.province:
        return None
    if scope_of(user).national:
        return target_for(year=filters.year)
    office = user.office
    return target_for(year=filters.year, office=office) or (
        target_for(year=filters.year, office=office.parent) if office.parent_id else None
    )


def _list(filters: Filters, view: str, *, period: bool = True, **more) -> str:
    """The placements list behind a figure: its view (registered, departed, active), the
    dashboard's filters (scheme and destination included), and `more` (stage, sector, sex)."""
    query = filters.query(names=("scheme", "destination"), period=period, view=view, **more)
    return f"{reverse('placements:placements')}?{query}"


def home_figures(user, filters: Filters):
    """Departures and registrations of the month in the user's scope, for their home page."""
    if not user.has_perm("placements.view_placement"):
        return None
    month = filters.in_period("month", dates=True)
    return str(SPEC.title), [
        Figure(
            "departed",
            _("Departed this month"),
            total(DepartureSummary.objects.restrict(user).filter(month)),
        ),
        Figure(
            "registered",
            _("Registered this month"),
            total(RegistrationSummary.objects.restrict(user).filter(month)),
        ),
    ]


@dashboard_section(SPEC)
def section(user, filters: Filters) -> Section:
    """Placements of the user's scope for the period and province chosen."""
    chosen = filters.in_region("regency") & filters.matching(
        scheme="scheme", destination="destination"
    )
    departures = DepartureSummary.objects.restrict(user).filter(chosen)
    departed = departures.filter(filters.in_period("month", dates=True))
    year = total(
        departures.filter(
            month__gte=datetime.date(filters.year, 1, 1),
            month__lt=datetime.date(filters.year + 1, 1, 1),
        )
    )
    target = _target(user, filters)
    by = sums_by(departed, (), "month", "scheme", "destination", "sector", "sex", PROVINCE)
    by_month = {f"{month:%Y-%m}": n for month, n in by["month",]}
    by_stage = dict(sums(StageSummary.objects.restrict(user).filter(chosen), "stage"))
    registered = RegistrationSummary.objects.restrict(user).filter(
        chosen, filters.in_period("month", dates=True)
    )
    destinations = by["destination",]
    countries = country_labels(code for code, _n in destinations)
    return Section(
        key=SPEC.key,
        title=str(SPEC.title),
        figures=[
            Figure("departed_in_year", _("Departed in %(year)d") % {"year": filters.year}, year),
            Figure("target", _("Target for %(year)d") % {"year": filters.year}, target),
            Figure(
                "target_reached_percent",
                _("Of the target reached (%)"),
                round(100 * year / target) if target else None,
            ),
            Figure(
                "departed",
                _("Departed in the period"),
                by[()][0][0],
                _list(filters, "departed"),
            ),
            Figure(
                "registered",
                _("Registered in the period"),
                total(registered),
                _list(filters, "registered"),
            ),
            Figure(
                "active",
                _("Under way now"),
                sum(n for stage, n in by_stage.items() if stage not in FINAL),
                _list(filters, "active", period=False),
            ),
        ],
        tables=[
            Table(
                "by_stage",
                _("Pipeline: placements at each stage"),
                rows_in_order(
                    by_stage,
                    dict(Stage.choices),
                    lambda code: _list(filters, "registered", period=False, stage=code),
                ),
            ),
            Table(
                "by_month",
                _("Departures per month"),
                rows_in_order(
                    by_month,
                    {month: month for month in filters.months()},
                    lambda month: _list(
                        filters, "departed", period=False, **{"from": month, "to": month}
                    ),
                ),
                chart="line",
            ),
            Table(
                "by_scheme",
                _("Departures by scheme"),
                rows_from(
                    by["scheme",],
                    dict(Scheme.choices),
                    lambda code: _list(filters, "departed", scheme=code),
                ),
            ),
            Table(
                "by_destination",
                _("Departures by destination country"),
                rows_from(
                    destinations,
                    countries,
                    lambda code: _list(filters, "departed", destination=code),
                ),
            ),
            Table(
                "by_sector",
                _("Departures by sector"),
                rows_from(
                    by["sector",],
                    dict(Sector.choices),
                    lambda code: _list(filters, "departed", sector=code),
                ),
            ),
            Table(
                "by_sex",
                _("Departures by sex"),
                rows_from(
                    by["sex",],
                    dict(Sex.choices),
                    lambda code: _list(filters, "departed", sex=code),
                ),
            ),
            Table(
                "by_province",
                _("Departures by home province"),
                rows_from(
                    by[PROVINCE,],
                    province_labels(),
                    lambda code: _list(filters, "departed", province=code),
                ),
                chart="",
            ),
        ],
    )


def departed_by_regency(user, filters: Filters) -> dict[str, int]:
    """Departures of the period per home regency of the user's scope (region chosen)."""
    departures = DepartureSummary.objects.restrict(user).filter(
        filters.in_region("regency"), filters.in_period("month", dates=True)
    )
    return dict(sums(departures, "regency"))
