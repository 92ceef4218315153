"""The outreach part of the heads' dashboard: what the area covered in the period, and beside
the regencies it did not reach, their departures, troubled returns and cases (outreach where
non-procedural departures come from is the point); and how many returned workers, troubled
ones among them, the empowerment programmes reached."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.dashboard import opened_by_regency
from outreach import selectors
from outreach.models import Activity, Kind, Participant
from placements.dashboard import departed_by_regency
from pmi_portal.access.scoping import scope_of
from pmi_portal.dashboards.sections import (
    Figure,
    Filters,
    Section,
    SectionSpec,
    Table,
    dashboard_section,
    rows_from,
)
from pmi_portal.offices.models import Regency
from returns.dashboard import troubled_by_regency
from returns.selectors import came_home_troubled

# A regency table lists every regency of an office's or a province's area (38 at most), and of
# the nation's 514 those with the most: thousands of rows made the national page the slowest.
REGENCIES_SHOWN = 40

SPEC = SectionSpec(
    key="outreach",
    title=gettext_lazy("Outreach"),
    figures={
        "activities": gettext_lazy("Outreach activities held in the period."),
        "attendance": gettext_lazy("People the activities of the period reached."),
        "online": gettext_lazy("Activities of the period held online."),
        "regencies_covered": gettext_lazy(
            "Regencies and cities of the scope with at least one activity in the period."
        ),
        "regencies_uncovered": gettext_lazy(
            "Regencies and cities of the scope with no activity in the period."
        ),
        "programme_participants": gettext_lazy(
            "People in the empowerment programmes that started in the period."
        ),
        "troubled_returnees_reached": gettext_lazy(
            "Of them, people who once came home troubled (PMI bermasalah)."
        ),
    },
    tables={
        "by_kind": gettext_lazy("Activities of the period per kind code."),
        "by_regency": gettext_lazy(
            "Activities of the period per regency of the scope (Kemendagri code), zeros "
            "included: a regency at 0 had none. At most 40, the most first."
        ),
        "uncovered_departures": gettext_lazy(
            "Regencies of the scope with no activity in the period: departures of the period "
            "per regency code. At most 40, the most first."
        ),
        "uncovered_troubled_returns": gettext_lazy(
            "Regencies of the scope with no activity in the period: troubled returns of the "
            "period per home regency code. At most 40, the most first."
        ),
        "uncovered_cases": gettext_lazy(
            "Regencies of the scope with no activity in the period: cases opened in the period "
            "per regency code. At most 40, the most first."
        ),
    },
)


def _regencies(user, filters: Filters) -> dict[str, str]:
    """Code -> name of the regencies the user's scope covers (in the region chosen)."""
    regencies = Regency.objects.all()
    scope = scope_of(user)
    if not scope.national:
        regencies = regencies.filter(code__in=scope.regency_codes)
    if filters.province:
        regencies = regencies.filter(province_id=filters.province)
    if filters.regency:
        regencies = regencies.filter(code=filters.regency)
    return dict(regencies.values_list("code", "name"))


def _list(**query) -> str:
    return reverse("outreach:list") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@dashboard_section(SPEC)
def section(user, filters: Filters) -> Section:
    """Outreach of the user's scope for the period and province chosen, and its gaps."""
    held = Activity.objects.restrict(user).filter(
        filters.in_period("held_on", dates=True), filters.in_region("regency")
    )
    totals = held.aggregate(
        activities=Count("pk"),
        attendance=Sum("attendance"),
        online=Count("pk", filter=Q(online=True)),
    )
    regencies = _regencies(user, filters)
    by_regency = selectors.activities_by_regency(held)
    uncovered = {code: name for code, name in regencies.items() if not by_regency.get(code)}

    reached = Participant.objects.restrict(user).filter(
        filters.in_period("programme__starts_on", dates=True),
        filters.in_region("programme__regency"),
    )
    people = reached.aggregate(
        all=Count("person", distinct=True),
        troubled=Count("person", distinct=True, filter=Q(came_home_troubled())),
    )

    def beside(counts: dict[str, int]):
        rows = rows_from(((code, counts.get(code, 0)) for code in uncovered), uncovered)
        return rows[:REGENCIES_SHOWN]

    return Section(
        key=SPEC.key,
        title=str(SPEC.title),
        figures=[
            Figure("activities", _("Activities in the period"), totals["activities"], _list()),
            Figure("attendance", _("People reached"), totals["attendance"] or 0),
            Figure("online", _("Held online"), totals["online"]),
            Figure(
                "regencies_covered",
                _("Regencies reached"),
                len(regencies) - len(uncovered),
            ),
            Figure("regencies_uncovered", _("Regencies not reached"), len(uncovered)),
            Figure(
                "programme_participants",
                _("In empowerment programmes"),
                people["all"],
                reverse("outreach:programmes"),
            ),
            Figure(
                "troubled_returnees_reached",
                _("Troubled returnees in programmes"),
                people["troubled"],
            ),
        ],
        tables=[
            Table(
                "by_kind",
                _("Activities by kind"),
                rows_from(
                    held.values_list("kind").annotate(n=Count("pk")).order_by(),
                    dict(Kind.choices),
                    lambda code: _list(kind=code),
                ),
            ),
            Table(
                "by_regency",
                _("Activities by regency"),
                rows_from(
                    ((code, by_regency.get(code, 0)) for code in regencies),
                    regencies,
                    lambda code: _list(regency=code),
                )[:REGENCIES_SHOWN],
                chart="",
            ),
            Table(
                "uncovered_departures",
                _("Not reached: departures"),
                beside(departed_by_regency(user, filters)),
                chart="",
            ),
            Table(
                "uncovered_troubled_returns",
                _("Not reached: troubled returns"),
                beside(troubled_by_regency(user, filters)),
                chart="",
            ),
            Table(
                "uncovered_cases",
                _("Not reached: cases opened"),
                beside(opened_by_regency(user, filters)),
                chart="",
            ),
        ],
    )
