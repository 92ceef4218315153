"""Reads of arrivals and interceptions, always through the office scope."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from returns.models import Arrival, Handover, Interception

VIEWS = ("today", "waiting", "overdue", "all")


def arrivals_for(user, view: str = "waiting") -> QuerySet[Arrival]:
    """The arrivals a user works on: the post's own of today, the handovers waiting on the
    user's office, the overdue ones, or all in scope."""
    arrivals = Arrival.objects.restrict(user).select_related(
        "person", "from_country", "office", "post", "regency"
    )
    if view == "today":
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        return arrivals.filter(arrived_at__gte=start).order_by("-arrived_at")
    if view in ("waiting", "overdue"):
        arrivals = arrivals.exclude(handover=Handover.RECEIVED)
        if view == "overdue":
            arrivals = arrivals.filter(due_at__lt=timezone.now())
        return arrivals.order_by("due_at")
    return arrivals.order_by("-arrived_at")


def interceptions_for(user) -> QuerySet[Interception]:
    return Interception.objects.restrict(user).select_related(
        "person", "destination", "agency", "office", "post"
    )


def overdue_handovers_count(user) -> int:
    return (
        Arrival.objects.restrict(user)
        .filter(~Q(handover=Handover.RECEIVED), due_at__lt=timezone.now())
        .count()
    )


def returnee_match(*, user, nik: str = "", passport_number: str = ""):
    """The record a NIK or passport in the officer's hand belongs to, as the arrival form shows
    it while typing: (person, whether it is in the user's scope, has a placement on record).

    The post meets people from every region, so the match is national; one outside the post's
    area is audited as a cross-office match by the caller of `person_for_arrival` on save, and
    here, on sight.
    """
    from placements.selectors import has_placement_on_record
    from pmi_portal.access.scoping import is_in_scope
    from pmi_portal.people.selectors import person_by_identity
    from pmi_portal.people.services import audit_cross_office_match

    person = person_by_identity(nik=nik, passport_number=passport_number)
    if person is None:
        return None
    visible = is_in_scope(person, user)
    if not visible:
        audit_cross_office_match(actor=user, person=person, reason="arrival_lookup")
    return person, visible, has_placement_on_record(person)
