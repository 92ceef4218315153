"""The returns part of the heads' dashboard: arrivals of the period by month, category, trouble,
country and home province; handovers waiting and overdue now; arrivals with no placement;
read from the summary declared here (`SUMMARIES`)."""

from collections import Counter

from django.db.models import BooleanField, Case, DateField, Q, Sum, Value, When
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from pmi_portal.dashboards.summaries import Summary, sums, sums_by
from returns.models import Arrival, ArrivalSummary, Category, Handover, Trouble
from returns.selectors import arrivals_matching

SPEC = SectionSpec(
    key="returns",
    title=gettext_lazy("Returns"),
    figures={
        "arrivals": gettext_lazy("Arrivals at the return posts in the period."),
        "troubled": gettext_lazy("Troubled returns (PMI bermasalah) among them."),
        "no_placement_on_record": gettext_lazy(
            "Arrivals of the period with no placement on record (likely non-procedural)."
        ),
        "handovers_waiting": gettext_lazy("Handovers not yet received by the home office, now."),
        "handovers_overdue": gettext_lazy("Handovers past their deadline and not received, now."),
    },
    tables={
        "by_month": gettext_lazy("Arrivals per month of the period: YYYY-MM to count."),
        "by_category": gettext_lazy("Arrivals of the period per category (regular, troubled)."),
        "by_trouble": gettext_lazy(
            "Troubled arrivals of the period per trouble code; one arrival may have several."
        ),
        "by_country": gettext_lazy(
            "Arrivals of the period per country they came from (ISO 3166-1 alpha-2 code)."
        ),
        "by_province": gettext_lazy(
            "Arrivals of the period per home province (Kemendagri code); '-' for unknown."
        ),
    },
    filters=(
        DESTINATION,
        FilterSpec("category", gettext_lazy("Return category"), lambda: list(Category.choices)),
        FilterSpec(
            "trouble", gettext_lazy("Troubled return category"), lambda: list(Trouble.choices)
        ),
    ),
)


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _arrivals(now):
    waiting = ~Q(handover=Handover.RECEIVED)
    return Arrival.objects.annotate(
        month=TruncMonth("arrived_at", output_field=DateField()),
        waiting=_flag(waiting),
        overdue=_flag(waiting & Q(due_at__lt=now)),
    )


SUMMARIES = [
    Summary(
        ArrivalSummary,
        _arrivals,
        (
            "regency",
            "office",
            "post",
            "month",
            "category",
            "troubles",
            "from_country",
            "no_placement_on_record",
            "waiting",
            "overdue",
        ),
    )
]


def _by_trouble(troubled) -> list[tuple[str, int]]:
    """Troubled arrivals per trouble code from (troubles, count) pairs; an arrival with several
    counts under each."""
    counts = Counter()
    for troubles, n in troubled:
        counts.update(dict.fromkeys(set(troubles), n))
    return [(code, counts[code]) for code in Trouble.values]


def _list(filters: Filters, view: str, *, period: bool = True, **more) -> str:
    """The arrivals list behind a figure: its view, the dashboard's filters, and `more`."""
    query = filters.query(names=("destination", "category", "trouble"), period=period, **more)
    return f"{reverse('returns:arrivals')}?view={view}&{query}".rstrip("&")


def home_figures(user, filters: Filters):
    """Arrivals of the month and handovers waiting in the user's scope, for their home page."""
    if not user.has_perm("returns.view_arrival"):
        return None
    arrivals = ArrivalSummary.objects.restrict(user)
    month = arrivals.filter(filters.in_period("month", dates=True)).aggregate(
        arrivals=Sum("records"), troubled=Sum("records", filter=Q(category=Category.TROUBLED))
    )
    handovers = arrivals.filter(waiting=True).aggregate(
        waiting=Sum("records"), overdue=Sum("records", filter=Q(overdue=True))
    )
    return str(SPEC.title), [
        Figure("arrivals", _("Arrivals this month"), month["arrivals"] or 0),
        Figure("troubled", _("Troubled returns"), month["troubled"] or 0),
        Figure("handovers_waiting", _("Handovers waiting"), handovers["waiting"] or 0),
        Figure("handovers_overdue", _("Handovers overdue"), handovers["overdue"] or 0),
    ]


@dashboard_section(SPEC)
def section(user, filters: Filters) -> Section:
    """Arrivals of the user's scope for the period and home province chosen."""
    arrivals = arrivals_matching(ArrivalSummary.objects.restrict(user), filters)
    period = arrivals.filter(filters.in_period("month", dates=True))
    by = sums_by(
        period,
        (),
        "month",
        "category",
        "no_placement_on_record",
        "from_country",
        ("category", "troubles"),
        "regency__province",
    )
    by_category = dict(by["category",])
    totals = {
        "arrivals": by[()][0][0],
        "troubled": by_category.get(Category.TROUBLED, 0),
        "no_placement": dict(by["no_placement_on_record",]).get(True, 0),
    }
    by_month = {f"{month:%Y-%m}": n for month, n in by["month",]}
    countries = by["from_country",]
    troubles = _by_trouble(
        (troubles, n)
        for category, troubles, n in by["category", "troubles"]
        if category == Category.TROUBLED
    )
    handovers = arrivals.filter(waiting=True).aggregate(
        waiting=Sum("records"), overdue=Sum("records", filter=Q(overdue=True))
    )
    return Section(
        key=SPEC.key,
        title=str(SPEC.title),
        figures=[
            Figure(
                "arrivals", _("Arrivals in the period"), totals["arrivals"], _list(filters, "all")
            ),
            Figure(
                "troubled",
                _("Troubled returns"),
                totals["troubled"],
                _list(filters, "all", category=Category.TROUBLED),
            ),
            Figure(
                "no_placement_on_record",
                _("With no placement on record"),
                totals["no_placement"],
            ),
            Figure(
                "handovers_waiting",
                _("Handovers waiting"),
                handovers["waiting"] or 0,
                _list(filters, "waiting", period=False),
            ),
            Figure(
                "handovers_overdue",
                _("Handovers overdue"),
                handovers["overdue"] or 0,
                _list(filters, "overdue", period=False),
            ),
        ],
        tables=[
            Table(
                "by_month",
                _("Arrivals per month"),
                rows_in_order(
                    by_month,
                    {month: month for month in filters.months()},
                    lambda month: _list(
                        filters, "all", period=False, **{"from": month, "to": month}
                    ),
                ),
                chart="line",
            ),
            Table(
                "by_category",
                _("Arrivals by category"),
                rows_in_order(
                    by_category,
                    dict(Category.choices),
                    lambda code: _list(filters, "all", category=code),
                ),
            ),
            Table(
                "by_trouble",
                _("Troubled returns by trouble"),
                rows_from(
                    troubles,
                    dict(Trouble.choices),
                    lambda code: _list(filters, "all", trouble=code),
                ),
            ),
            Table(
                "by_country",
                _("Arrivals by country they came from"),
                rows_from(
                    countries,
                    country_labels(code for code, _n in countries),
                    lambda code: _list(filters, "all", destination=code),
                ),
            ),
            Table(
                "by_province",
                _("Arrivals by home province"),
                rows_from(
                    by["regency__province",],
                    province_labels(),
                    lambda code: _list(filters, "all", province=code),
                ),
                chart="",
            ),
        ],
    )


def troubled_by_regency(user, filters: Filters) -> dict[str, int]:
    """Troubled returns of the period per home regency of the user's scope (region chosen)."""
    troubled = ArrivalSummary.objects.restrict(user).filter(
        filters.in_region("regency"),
        filters.in_period("month", dates=True),
        category=Category.TROUBLED,
    )
    return dict(sums(troubled, "regency"))
