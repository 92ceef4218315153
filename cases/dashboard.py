"""The cases part of the heads' dashboard: open cases by type and state, overdue ones, cases
opened in the period by province, referrals and verdicts, and the agencies and recruiters
most often involved."""

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    FINISHED_STATES,
    Case,
    CaseAgency,
    CaseParty,
    CaseType,
    Institution,
    LegalStep,
    LegalStepKind,
    PartyRole,
    Referral,
    State,
    Verdict,
)
from cases.selectors import cases_overdue
from pmi_portal.dashboards.sections import (
    Figure,
    Filters,
    Section,
    SectionSpec,
    Table,
    dashboard_section,
    province_labels,
    rows_from,
    rows_in_order,
)

MOST_INVOLVED = 10
# How long open cases have been open: (code, label, upper bound in days; None for the rest).
AGE_BUCKETS = [
    ("week", gettext_lazy("under a week"), 7),
    ("month", gettext_lazy("1 week to a month"), 30),
    ("quarter", gettext_lazy("1 to 3 months"), 90),
    ("year", gettext_lazy("3 months to a year"), 365),
    ("older", gettext_lazy("over a year"), None),
]

SPEC = SectionSpec(
    key="cases",
    title=gettext_lazy("Cases"),
    figures={
        "opened": gettext_lazy("Cases opened in the period."),
        "open": gettext_lazy("Cases open now (not rejected, merged or closed)."),
        "overdue": gettext_lazy("Open cases past their state's deadline, now."),
        "referrals": gettext_lazy("Referrals to other institutions sent in the period."),
        "convicted": gettext_lazy("Verdicts of the period that convicted."),
        "acquitted": gettext_lazy("Verdicts of the period that acquitted."),
    },
    tables={
        "open_by_type": gettext_lazy("Open cases per case type code, now."),
        "open_by_state": gettext_lazy("Open cases per state code, now."),
        "open_by_age": gettext_lazy(
            "Open cases by how long they have been open, now: week (under 7 days), month "
            "(7 to 30), quarter (30 to 90), year (90 to 365), older."
        ),
        "by_province": gettext_lazy(
            "Cases opened in the period per province (Kemendagri code); '-' for none given."
        ),
        "referrals_by_institution": gettext_lazy(
            "Referrals sent in the period per institution code."
        ),
        "agencies": gettext_lazy(
            "The agencies (P3MI) most often involved in cases opened in the period: agency "
            "name to number of cases (the ten most)."
        ),
        "recruiters": gettext_lazy(
            "The recruiters (calo/sponsor) most often named in cases opened in the period: "
            "name to number of cases (the ten most)."
        ),
    },
)


def _counts(queryset, field: str):
    return queryset.values_list(field).annotate(n=Count("pk")).order_by()


def _ages(open_now) -> dict[str, int]:
    """The open cases counted per age bucket, in one query."""
    now = timezone.now()
    counts, lower = {}, None
    for code, _label, upper in AGE_BUCKETS:
        condition = Q()
        if lower is not None:
            condition &= Q(created_at__lte=now - datetime.timedelta(days=lower))
        if upper is not None:
            condition &= Q(created_at__gt=now - datetime.timedelta(days=upper))
        counts[code] = Count("pk", filter=condition)
        lower = upper
    return open_now.aggregate(**counts)


def _list(**query) -> str:
    return reverse("cases:list") + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@dashboard_section(SPEC)
def section(user, filters: Filters) -> Section:
    """Cases of the user's scope for the period and province chosen."""
    cases = Case.objects.restrict(user).filter(filters.in_province("regency"))
    opened = cases.filter(filters.in_period("created_at"))
    open_now = cases.exclude(state__in=FINISHED_STATES)
    referrals = Referral.objects.restrict(user).filter(
        filters.in_province("case__regency"), filters.in_period("sent_on", dates=True)
    )
    verdicts = dict(
        _counts(
            LegalStep.objects.filter(
                filters.in_period("happened_on", dates=True),
                case__in=cases,
                kind=LegalStepKind.VERDICT,
            ),
            "verdict",
        )
    )
    agencies = (
        CaseAgency.objects.filter(case__in=opened)
        .values_list("agency__name")
        .annotate(n=Count("case", distinct=True))
        .order_by("-n", "agency__name")[:MOST_INVOLVED]
    )
    recruiters = (
        CaseParty.objects.filter(case__in=opened, role=PartyRole.RECRUITER)
        .values_list("person__full_name")
        .annotate(n=Count("case", distinct=True))
        .order_by("-n", "person__full_name")[:MOST_INVOLVED]
    )
    return Section(
        key=SPEC.key,
        title=str(SPEC.title),
        figures=[
            Figure("opened", _("Opened in the period"), opened.count(), _list(view="all")),
            Figure("open", _("Open now"), open_now.count(), _list(view="office")),
            Figure("overdue", _("Overdue"), cases_overdue(cases).count(), _list(view="overdue")),
            Figure("referrals", _("Referrals sent"), referrals.count()),
            Figure("convicted", _("Convicted"), verdicts.get(Verdict.CONVICTED, 0)),
            Figure("acquitted", _("Acquitted"), verdicts.get(Verdict.ACQUITTED, 0)),
        ],
        tables=[
            Table(
                "open_by_type",
                _("Open cases by type"),
                rows_from(
                    _counts(open_now, "case_type"),
                    dict(CaseType.choices),
                    lambda code: _list(view="office", type=code),
                ),
            ),
            Table(
                "open_by_state",
                _("Open cases by state"),
                rows_in_order(
                    dict(_counts(open_now, "state")),
                    {s: label for s, label in State.choices if s not in FINISHED_STATES},
                    lambda code: _list(view="all", state=code),
                ),
            ),
            Table(
                "open_by_age",
                _("Open cases by how long they have been open"),
                rows_in_order(_ages(open_now), {code: label for code, label, _d in AGE_BUCKETS}),
            ),
            Table(
                "by_province",
                _("Cases opened by province"),
                rows_from(_counts(opened, "regency__province"), province_labels()),
                chart="",
            ),
            Table(
                "referrals_by_institution",
                _("Referrals by institution"),
                rows_from(_counts(referrals, "institution"), dict(Institution.choices)),
            ),
            Table(
                "agencies",
                _("Agencies most often involved"),
                rows_from(agencies, {}),
                chart="",
            ),
            Table(
                "recruiters",
                _("Recruiters most often named"),
                rows_from(recruiters, {}),
                chart="",
            ),
        ],
    )
