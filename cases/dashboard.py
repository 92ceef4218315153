"""The cases part of the heads' dashboard: open cases by type and state, overdue ones, cases
opened in the period by province, referrals and verdicts, and the agencies and recruiters
most often involved; read from the summaries declared here (`SUMMARIES`)."""

import datetime
from collections import Counter

from django.db.models import BooleanField, CharField, DateField, F, Q, Sum, Value, When
from django.db.models import Case as Choose
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    FINISHED_STATES,
    Case,
    CaseAgency,
    CaseEventSummary,
    CaseInvolvedSummary,
    CaseParty,
    CaseSummary,
    CaseType,
    Institution,
    LegalStep,
    LegalStepKind,
    PartyRole,
    Referral,
    State,
    Verdict,
)
from pmi_portal.dashboards.sections import (
    DESTINATION,
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
from pmi_portal.dashboards.summaries import Summary, sums, sums_by

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
    filters=(DESTINATION,),
)


def _age(now: datetime.datetime) -> Choose:
    """The age bucket of an open case as of `now`; "" for a finished one."""
    buckets = [
        When(created_at__gt=now - datetime.timedelta(days=upper), then=Value(code))
        for code, _label, upper in AGE_BUCKETS
        if upper is not None
    ]
    return Choose(
        When(state__in=FINISHED_STATES, then=Value("")),
        *buckets,
        default=Value(AGE_BUCKETS[-1][0]),
        output_field=CharField(),
    )


def _cases(now):
    open_now = ~Q(state__in=FINISHED_STATES)
    return Case.objects.annotate(
        month=TruncMonth("created_at", output_field=DateField()),
        age=_age(now),
        overdue=Choose(
            When(open_now & Q(due_at__lt=now), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def _of_case(queryset, month, **more):
    """Rows about a case (`case` foreign key) with the case's scope columns and a month."""
    return queryset.annotate(
        regency=F("case__regency"),
        office=F("case__office"),
        assigned_to=F("case__assigned_to"),
        country=F("case__country"),
        month=month,
        **more,
    )


_COUNTED_BY = ("regency", "office", "assigned_to", "country", "month")
_OPENED = TruncMonth("case__created_at", output_field=DateField())
SUMMARIES = [
    Summary(CaseSummary, _cases, (*_COUNTED_BY, "case_type", "state", "age", "overdue")),
    Summary(
        CaseEventSummary,
        lambda now: _of_case(
            Referral.objects.all(),
            TruncMonth("sent_on"),
            event=Value("referral"),
            code=F("institution"),
        ),
        (*_COUNTED_BY, "event", "code"),
    ),
    Summary(
        CaseEventSummary,
        lambda now: _of_case(
            LegalStep.objects.filter(kind=LegalStepKind.VERDICT),
            TruncMonth("happened_on"),
            event=Value("verdict"),
            code=F("verdict"),
        ),
        (*_COUNTED_BY, "event", "code"),
    ),
    Summary(
        CaseInvolvedSummary,
        lambda now: _of_case(
            CaseAgency.objects.all(), _OPENED, event=Value("agency"), name=F("agency__name")
        ),
        (*_COUNTED_BY, "event", "name"),
        counted="case",
        distinct=True,
    ),
    Summary(
        CaseInvolvedSummary,
        lambda now: _of_case(
            CaseParty.objects.filter(role=PartyRole.RECRUITER),
            _OPENED,
            event=Value("recruiter"),
            name=F("person__full_name"),
        ),
        (*_COUNTED_BY, "event", "name"),
        counted="case",
        distinct=True,
    ),
]


def _open_now(cases) -> dict:
    """The open cases counted in one query: in all, overdue, and per type, state and age."""
    counts = {"open": 0, "overdue": 0, "case_type": Counter(), "state": Counter(), "age": Counter()}
    grouped = (
        cases.exclude(age="")
        .values_list("case_type", "state", "age", "overdue")
        .annotate(n=Sum("records"))
        .order_by()
    )
    for case_type, state, age, overdue, n in grouped:
        counts["open"] += n
        counts["overdue"] += n if overdue else 0
        counts["case_type"][case_type] += n
        counts["state"][state] += n
        counts["age"][age] += n
    return counts


def _most_involved(summary, event: str):
    return (
        summary.filter(event=event)
        .values_list("name")
        .annotate(n=Sum("records"))
        .order_by("-n", "name")[:MOST_INVOLVED]
    )


def _list(filters: Filters, *, period: bool = True, **more) -> str:
    """The cases list behind a figure: the dashboard's period (if `period`) and region, and
    `more` (view, type, state)."""
    return f"{reverse('cases:list')}?{filters.query(names=('destination',), period=period, **more)}"


def home_figures(user, filters: Filters):
    """Open and overdue cases of the user's scope now, for their home page."""
    if not user.has_perm("cases.view_case"):
        return None
    open_now = _open_now(CaseSummary.objects.restrict(user))
    return str(SPEC.title), [
        Figure("open", _("Open now"), open_now["open"]),
        Figure("overdue", _("Overdue"), open_now["overdue"]),
    ]


@dashboard_section(SPEC)
def section(user, filters: Filters) -> Section:
    """Cases of the user's scope for the period and province chosen."""

    def summary(model):
        return model.objects.restrict(user).filter(
            filters.in_region("regency"), filters.matching(destination="country")
        )

    def in_period(model):
        return summary(model).filter(filters.in_period("month", dates=True))

    cases = summary(CaseSummary)
    opened = sums_by(cases.filter(filters.in_period("month", dates=True)), (), "regency__province")
    open_now = _open_now(cases)
    events = list(sums(in_period(CaseEventSummary), "event", "code"))
    referrals = [(code, n) for event, code, n in events if event == "referral"]
    verdicts = {code: n for event, code, n in events if event == "verdict"}
    involved = in_period(CaseInvolvedSummary)
    return Section(
        key=SPEC.key,
        title=str(SPEC.title),
        figures=[
            Figure(
                "opened", _("Opened in the period"), opened[()][0][0], _list(filters, view="all")
            ),
            Figure(
                "open", _("Open now"), open_now["open"], _list(filters, period=False, view="office")
            ),
            Figure(
                "overdue",
                _("Overdue"),
                open_now["overdue"],
                _list(filters, period=False, view="overdue"),
            ),
            Figure("referrals", _("Referrals sent"), sum(n for _code, n in referrals)),
            Figure("convicted", _("Convicted"), verdicts.get(Verdict.CONVICTED, 0)),
            Figure("acquitted", _("Acquitted"), verdicts.get(Verdict.ACQUITTED, 0)),
        ],
        tables=[
            Table(
                "open_by_type",
                _("Open cases by type"),
                rows_from(
                    open_now["case_type"].items(),
                    dict(CaseType.choices),
                    lambda code: _list(filters, period=False, view="office", type=code),
                ),
            ),
            Table(
                "open_by_state",
                _("Open cases by state"),
                rows_in_order(
                    open_now["state"],
                    {s: label for s, label in State.choices if s not in FINISHED_STATES},
                    lambda code: _list(filters, period=False, view="all", state=code),
                ),
            ),
            Table(
                "open_by_age",
                _("Open cases by how long they have been open"),
                rows_in_order(open_now["age"], {code: label for code, label, _d in AGE_BUCKETS}),
            ),
            Table(
                "by_province",
                _("Cases opened by province"),
                rows_from(
                    opened["regency__province",],
                    province_labels(),
                    lambda code: _list(filters, view="all", province=code),
                ),
                chart="",
            ),
            Table(
                "referrals_by_institution",
                _("Referrals by institution"),
                rows_from(referrals, dict(Institution.choices)),
            ),
            Table(
                "agencies",
                _("Agencies most often involved"),
                rows_from(_most_involved(involved, "agency"), {}),
                chart="",
            ),
            Table(
                "recruiters",
                _("Recruiters most often named"),
                rows_from(_most_involved(involved, "recruiter"), {}),
                chart="",
            ),
        ],
    )


def opened_by_regency(user, filters: Filters) -> dict[str, int]:
    """Cases opened in the period per regency of the user's scope (region chosen)."""
    opened = CaseSummary.objects.restrict(user).filter(
        filters.in_region("regency"), filters.in_period("month", dates=True)
    )
    return dict(sums(opened, "regency"))
