"""Reads of outreach, always through the office scope."""

from django.db.models import Count, QuerySet, Sum

from outreach.models import Activity, Kind


def activities_for(user, *, kind: str = "", regency: str = "") -> QuerySet[Activity]:
    activities = Activity.objects.restrict(user).select_related("regency", "office")
    if kind in Kind.values:
        activities = activities.filter(kind=kind)
    if regency:
        activities = activities.filter(regency_id=regency)
    return activities


def activity_totals(activities: QuerySet[Activity]) -> dict:
    """How many activities, and how many people they reached."""
    totals = activities.aggregate(activities=Count("pk"), attendance=Sum("attendance"))
    return {"activities": totals["activities"], "attendance": totals["attendance"] or 0}


def activities_by_regency(activities: QuerySet[Activity]) -> dict[str, int]:
    """Activities per regency code; online sessions have none and are left out."""
    return dict(
        activities.exclude(regency=None).values_list("regency").annotate(n=Count("pk")).order_by()
    )
