"""What the cases app tells: a case routed to an office (new, or transferred in), a case given
to a handler, a deadline missed (handler and head) and, still missed after a further period,
escalated to headquarters. Titles name the case's reference and type, never a person: they
also go out by e-mail and to gateways."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.deadlines import add_working_days
from cases.models import FINISHED_STATES, Case, CaseType, Source, State
from pmi_portal.access.roles import Role
from pmi_portal.notifications import selectors as recipients
from pmi_portal.notifications.kinds import Kind, label, when
from pmi_portal.notifications.services import notify

WORK = "cases.change_case"
# Still overdue this many working days after the deadline: headquarters is told.
ESCALATE_AFTER_WORKING_DAYS = 3


def _what(p: dict) -> dict:
    return {
        "reference": p["reference"],
        "type": label(CaseType.choices, p["case_type"]),
        "state": label(State.choices, p["state"]),
        "regency": p.get("regency") or "-",
        "source": label(Source.choices, p.get("source", "")),
        "due": when(p.get("due_at")),
    }


KINDS = [
    Kind(
        "case_new",
        gettext_lazy("A new case for your office"),
        title=lambda p: _("New case %(reference)s for your office: %(type)s") % _what(p),
        detail=lambda p: (
            _("Region %(regency)s, reported through: %(source)s. Verify by %(due)s.") % _what(p)
        ),
    ),
    Kind(
        "case_assigned",
        gettext_lazy("A case is given to you"),
        title=lambda p: _("Case %(reference)s is given to you: %(type)s") % _what(p),
        detail=lambda p: _("State: %(state)s, due %(due)s.") % _what(p),
    ),
    Kind(
        "case_overdue",
        gettext_lazy("A case is past its deadline"),
        title=lambda p: (
            _("Case %(reference)s is past its deadline (%(state)s, due %(due)s)") % _what(p)
        ),
    ),
    Kind(
        "case_escalated",
        gettext_lazy("A case is still past its deadline (headquarters)"),
        title=lambda p: (
            _("Escalated: case %(reference)s is still past its deadline (%(state)s, due %(due)s)")
            % _what(p)
        ),
    ),
]


def _params(case: Case) -> dict:
    return {
        "reference": case.reference,
        "case_type": case.case_type,
        "state": case.state,
        "source": case.source,
        "regency": case.regency.name if case.regency_id else "",
        "due_at": case.due_at.isoformat() if case.due_at else None,
    }


def _link(case: Case) -> str:
    return reverse("cases:detail", kwargs={"pk": case.pk})


def case_routed(case: Case) -> None:
    """In the case's transaction: its office learns of a case new to it."""
    notify(
        key=f"case:{case.pk}:routed:{case.office_id}:{case.version}",
        kind="case_new",
        params=_params(case),
        link=_link(case),
        subject=case,
        office=case.office,
        users=recipients.staff_of(case.office, permission=WORK),
        webhook_offices=recipients.webhook_offices([case.office], "case_new"),
    )


def case_assigned(case: Case) -> None:
    notify(
        key=f"case:{case.pk}:assigned:{case.assigned_to_id}:{case.version}",
        kind="case_assigned",
        params=_params(case),
        link=_link(case),
        subject=case,
        office=case.office,
        users=[case.assigned_to],
    )


def _deadline_key(case: Case, what: str) -> str:
    return f"case:{case.pk}:{what}:{case.due_at:%Y%m%d%H%M}"


def deadlines_missed(now: datetime.datetime | None = None, *, window_days: int = 60) -> int:
    """Tell the handler and the office head of each open case past its deadline, and
    headquarters of each still past it a further ESCALATE_AFTER_WORKING_DAYS working days.
    Each deadline is told once. Celery beat runs it (`notification_scans`)."""
    from pmi_portal.notifications.models import Event

    now = now or timezone.now()
    late = list(
        Case.objects.filter(due_at__lt=now, due_at__gte=now - datetime.timedelta(days=window_days))
        .exclude(state__in=FINISHED_STATES)
        .select_related("office", "regency", "assigned_to")
    )
    keys = [_deadline_key(c, w) for c in late for w in ("overdue", "escalated")]
    told = set(Event.objects.filter(key__in=keys).values_list("key", flat=True))
    headquarters = None
    count = 0
    for case in late:
        key = _deadline_key(case, "overdue")
        if key not in told:
            users = [*recipients.heads_of(case.office), case.assigned_to]
            count += bool(
                notify(
                    key=key,
                    kind="case_overdue",
                    params=_params(case),
                    link=_link(case),
                    subject=case,
                    office=case.office,
                    users=users,
                    webhook_offices=recipients.webhook_offices([case.office], "case_overdue"),
                )
            )
        key = _deadline_key(case, "escalated")
        escalate_at = add_working_days(case.due_at, ESCALATE_AFTER_WORKING_DAYS)
        if key not in told and escalate_at < now:
            if headquarters is None:
                headquarters = list(recipients.headquarters_staff(roles=[Role.NATIONAL_ANALYST]))
            count += bool(
                notify(
                    key=key,
                    kind="case_escalated",
                    params=_params(case),
                    link=_link(case),
                    subject=case,
                    office=case.office,
                    users=headquarters,
                    webhook_offices=recipients.webhook_offices(
                        [o for o in [_hq()] if o], "case_escalated"
                    ),
                )
            )
    return count


def _hq():
    from pmi_portal.offices.models import Office

    return Office.objects.filter(kind=Office.Kind.HEADQUARTERS).first()


def digest(user, since, until) -> list:
    """The cases part of a head's daily digest, over the head's own scope."""
    from cases.selectors import cases_overdue
    from pmi_portal.notifications.digest import DigestLine

    cases = Case.objects.restrict(user)
    link = reverse("cases:list")
    return [
        DigestLine(
            _("New cases"), cases.filter(created_at__gte=since, created_at__lt=until).count(), link
        ),
        DigestLine(_("Open cases"), cases.exclude(state__in=FINISHED_STATES).count(), link),
        DigestLine(_("Cases past their deadline"), cases_overdue(cases, now=until).count(), link),
    ]
