"""Reads of arrivals and interceptions, always through the office scope."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from returns.models import Arrival, Category, Handover, Interception

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


def troubled_by_regency(user, filters) -> dict[str, int]:
    """Troubled arrivals of the period (`dashboards.sections.Filters`) per home regency."""
    return dict(
        Arrival.objects.restrict(user)
        .filter(
            filters.in_province("regency"),
            filters.in_period("arrived_at"),
            category=Category.TROUBLED,
        )
        .values_list("regency")
        .annotate(n=Count("pk"))
        .order_by()
    )


def troubled_returnees() -> QuerySet[Arrival]:
    """The people who came home troubled, once or more (a subquery: `person__in=`)."""
    return Arrival.objects.filter(category=Category.TROUBLED).values("person")
