"""What the return post tells the home offices: a returnee is on the way (handover request),
and a handover not confirmed in time (overdue). The titles go out by e-mail and to gateways:
they name the region, the flight and the deadline, never the person."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmi_portal.access.roles import Role
from pmi_portal.notifications import selectors as recipients
from pmi_portal.notifications.kinds import Kind, label, when
from pmi_portal.notifications.services import notify
from returns.models import Arrival, Category, Handover, Trouble

RECEIVE = "returns.change_arrival"


def _request_title(p: dict) -> str:
    return _(
        "Handover: a %(category)s PMI for %(regency)s arrived %(arrived)s, flight %(flight)s"
    ) % {
        "category": label(Category.choices, p["category"]),
        "regency": p.get("regency") or _("your area"),
        "arrived": when(p["arrived_at"]),
        "flight": p["flight"],
    }


def _request_detail(p: dict) -> str:
    troubles = ", ".join(label(Trouble.choices, code) for code in p.get("troubles", []))
    text = _("%(person)s, logged at %(post)s. Confirm receipt by %(due)s.") % {
        "person": p["person"],
        "post": p["post"],
        "due": when(p.get("due_at")),
    }
    return f"{text} {troubles}".strip()


def _overdue_title(p: dict) -> str:
    return _("Handover overdue: PMI for %(regency)s, arrived %(arrived)s, due %(due)s") % {
        "regency": p.get("regency") or _("your area"),
        "arrived": when(p["arrived_at"]),
        "due": when(p.get("due_at")),
    }


def _overdue_detail(p: dict) -> str:
    return _("%(person)s: %(state)s.") % {
        "person": p["person"],
        "state": label(Handover.choices, p.get("handover", "")),
    }


KINDS = [
    Kind(
        "handover_request",
        gettext_lazy("A returnee of your area arrived (handover)"),
        title=_request_title,
        detail=_request_detail,
    ),
    Kind(
        "handover_overdue",
        gettext_lazy("A handover is overdue"),
        title=_overdue_title,
        detail=_overdue_detail,
    ),
]


def _params(arrival: Arrival) -> dict:
    return {
        "category": arrival.category,
        "troubles": list(arrival.troubles),
        "flight": arrival.flight_number,
        "arrived_at": arrival.arrived_at.isoformat(),
        "due_at": arrival.due_at.isoformat() if arrival.due_at else None,
        "regency": arrival.regency.name if arrival.regency_id else "",
        "post": arrival.post.name,
        "person": arrival.person.full_name,
        "handover": arrival.handover,
    }


def _receivers(arrival: Arrival, kind: str, *, heads: bool) -> tuple[list, list]:
    """The home office's staff who confirm receipt, and its head when the handover is late,
    and the webhooks that take `kind`. The post's own airport officers, who sent the person
    on, are not told again."""
    roles = [Role.COUNTER_OFFICER, *([Role.OFFICE_HEAD] if heads else [])]
    return recipients.receivers_of(arrival.office, permission=RECEIVE, roles=roles, kind=kind)


def handover_requested(arrival: Arrival) -> None:
    """In the arrival's transaction: the receiving office learns that a returnee is coming."""
    kind = "handover_request"
    users, webhook_offices = _receivers(arrival, kind, heads=False)
    notify(
        key=f"arrival:{arrival.pk}:handover",
        kind=kind,
        params=_params(arrival),
        link=reverse("returns:arrival", kwargs={"pk": arrival.pk}),
        subject=arrival,
        office=arrival.office,
        users=users,
        webhook_offices=webhook_offices,
    )


def handovers_overdue(now=None, *, window_days: int = 30) -> int:
    """Tell the receiving office and its head of each handover past its deadline (once per
    deadline). Returns how many were told. Celery beat runs it (`notification_scans`)."""
    from pmi_portal.notifications.models import Event

    now = now or timezone.now()
    late = Arrival.objects.filter(
        due_at__lt=now,
        due_at__gte=now - datetime.timedelta(days=window_days),
    ).exclude(handover=Handover.RECEIVED)
    late_ids = list(late.values_list("pk", "due_at"))
    keys = {pk: f"arrival:{pk}:overdue:{due:%Y%m%d%H%M}" for pk, due in late_ids}
    told = set(Event.objects.filter(key__in=list(keys.values())).values_list("key", flat=True))
    todo = [pk for pk, key in keys.items() if key not in told]
    count = 0
    kind = "handover_overdue"
    for arrival in Arrival.objects.filter(pk__in=todo).select_related(
        "person", "post", "office", "regency"
    ):
        users, webhook_offices = _receivers(arrival, kind, heads=True)
        count += bool(
            notify(
                key=keys[arrival.pk],
                kind=kind,
                params=_params(arrival),
                link=reverse("returns:arrival", kwargs={"pk": arrival.pk}),
                subject=arrival,
                office=arrival.office,
                users=users,
                webhook_offices=webhook_offices,
            )
        )
    return count


def digest(user, since, until) -> list:
    """The returns part of a head's daily digest, over the head's own scope."""
    from pmi_portal.notifications.digest import DigestLine

    arrivals = Arrival.objects.restrict(user)
    link = reverse("returns:arrivals")
    return [
        DigestLine(
            _("Arrivals for your area"),
            arrivals.filter(arrived_at__gte=since, arrived_at__lt=until).count(),
            link,
        ),
        DigestLine(
            _("Troubled arrivals among them"),
            arrivals.filter(
                arrived_at__gte=since, arrived_at__lt=until, category=Category.TROUBLED
            ).count(),
            link,
        ),
        DigestLine(
            _("Handovers overdue"),
            arrivals.filter(due_at__lt=until).exclude(handover=Handover.RECEIVED).count(),
            link,
        ),
    ]
