"""Reads of arrivals and interceptions, always through the office scope."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from pmi_portal.dashboards.sections import Filters
from returns.models import Arrival, Category, Handover, Interception

VIEWS = ("today", "waiting", "overdue", "all")


def with_trouble(arrivals, trouble: str | None):
    """The troubled arrivals (or their summaries) with `trouble`; all without one. A trouble
    is an element of a JSON list: matched as its quoted code in the text."""
    if not trouble:
        return arrivals
    return arrivals.filter(category=Category.TROUBLED, troubles__icontains=f'"{trouble}"')


def arrivals_matching(arrivals, filters: Filters):
    """Arrivals (or their summaries: the same field names) narrowed by the dashboard's
    filters: period of arrival, home region, country they came from, category, trouble."""
    arrivals = arrivals.filter(
        filters.in_region("regency"),
        filters.matching(destination="from_country", category="category"),
    )
    return with_trouble(arrivals, filters.code("trouble"))


def arrivals_for(user, view: str = "waiting", *, filters: Filters | None = None):
    """The arrivals a user works on: the post's own of today, the handovers waiting on the
    user's office, the overdue ones, or all in scope; narrowed by the dashboard's `filters`
    when a figure's link gives them."""
    arrivals = Arrival.objects.restrict(user).select_related(
        "person", "from_country", "office", "post", "regency"
    )
    if filters is not None:
        arrivals = arrivals_matching(arrivals, filters).filter(filters.in_period("arrived_at"))
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


def came_home_troubled(person: str = "person") -> Exists:
    """Whether the person of the row (`person`: the path to it) came home troubled, once or
    more: an EXISTS the database answers per row from the arrivals' person index (an IN over
    every troubled arrival hashed all of them first: half a second at 2,400,000 arrivals)."""
    return Exists(Arrival.objects.filter(category=Category.TROUBLED, person=OuterRef(person)))
