"""Reads of outreach, always through the office scope."""

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum, Window

from outreach.models import Activity, Kind, Participant, Programme
from pmi_portal.access.scoping import scope_key
from pmi_portal.web.kept_sql import kept_rows


def activities_for(user, *, kind: str = "", regency: str = "") -> QuerySet[Activity]:
    activities = Activity.objects.restrict(user)
    if kind in Kind.values:
        activities = activities.filter(kind=kind)
    if regency:
        activities = activities.filter(regency_id=regency)
    return activities


# The columns of the list's rows.
LISTED = (
    "pk", "held_on", "kind", "online", "place", "partner", "audience", "attendance",
    "office__name", "regency__name",
)  # fmt: skip


def activities_listed(activities: QuerySet[Activity]) -> QuerySet:
    """`activities` as the list's rows show them and no more (each column read costs): named
    rows of LISTED, the office's and the regency's names joined in, no model built (an
    Activity, Office and Regency a row cost over 1 ms a page)."""
    return activities.values_list(*LISTED, named=True)


def activity_totals(activities: QuerySet[Activity]) -> dict:
    """How many activities, and how many people they reached."""
    totals = activities.aggregate(activities=Count("pk"), attendance=Sum("attendance"))
    return {"activities": totals["activities"], "attendance": totals["attendance"] or 0}


def activities_page(
    user, *, kind: str = "", regency: str = "", number: int, size: int
) -> tuple[list, dict | None]:
    """The rows of page `number` (from 1) of `activities_listed(activities_for(...))` and, read
    along in the same query, the totals of all of them (as activity_totals); None for the
    totals when a page past the first is empty: a page past the last tells them not. The SQL
    is kept per scope, filters and page (kept_rows)."""
    start = (number - 1) * size
    kind = kind if kind in Kind.values else ""
    rows = kept_rows(
        ("outreach.page", scope_key(user, Activity), kind, regency, start, size),
        lambda: (
            activities_for(user, kind=kind, regency=regency)
            .annotate(all_activities=Window(Count("pk")), all_attendance=Window(Sum("attendance")))
            .values_list(*LISTED, "all_activities", "all_attendance", named=True)[
                start : start + size
            ]
        ),
    )
    if not rows:
        return [], ({"activities": 0, "attendance": 0} if number == 1 else None)
    return rows, {"activities": rows[0].all_activities, "attendance": rows[0].all_attendance or 0}


def activities_by_regency(activities: QuerySet[Activity]) -> dict[str, int]:
    """Activities per regency code; online sessions have none and are left out."""
    return dict(
        activities.exclude(regency=None).values_list("regency").annotate(n=Count("pk")).order_by()
    )


def programmes_for(user) -> QuerySet[Programme]:
    return (
        Programme.objects.restrict(user)
        .select_related("regency", "office")
        .annotate(participant_count=Count("participants"))
        .order_by("-starts_on", "-pk")
    )


def participants_of(programme: Programme, user) -> QuerySet[Participant]:
    return (
        Participant.objects.restrict(user)
        .filter(programme=programme)
        .select_related("person__home_regency")
    )


def took_part_in_any() -> Exists:
    """On a read of people: whether the person took part in any programme, in any scope. Only
    a gate before `programmes_of_person`, which the page then asks in the user's scope."""
    return Exists(Participant.objects.filter(person=OuterRef("pk")))


def programmes_of_person(person, user) -> QuerySet[Participant]:
    """The programmes a person took part in, as the user's scope shows them."""
    return (
        Participant.objects.restrict(user)
        .filter(person=person)
        .select_related("programme__office")
        .order_by("-programme__starts_on")
    )
