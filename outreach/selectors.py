"""Reads of outreach, always through the office scope."""

from django.db.models import Count, F, QuerySet, Sum

from outreach.models import Activity, Kind, Participant, Programme


def activities_for(user, *, kind: str = "", regency: str = "") -> QuerySet[Activity]:
    activities = Activity.objects.restrict(user)
    if kind in Kind.values:
        activities = activities.filter(kind=kind)
    if regency:
        activities = activities.filter(regency_id=regency)
    return activities


def activities_listed(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """`activities` with what the list's rows show and no more (each column read costs), the
    office's and the regency's names read as values (`office_name`, `regency_name`): an
    Office and a Regency built on every row cost about 1 ms a page."""
    return activities.only(
        "held_on", "kind", "online", "place", "partner", "audience", "attendance"
    ).annotate(office_name=F("office__name"), regency_name=F("regency__name"))


def activity_totals(activities: QuerySet[Activity]) -> dict:
    """How many activities, and how many people they reached."""
    totals = activities.aggregate(activities=Count("pk"), attendance=Sum("attendance"))
    return {"activities": totals["activities"], "attendance": totals["attendance"] or 0}


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


def programmes_of_person(person, user) -> QuerySet[Participant]:
    """The programmes a person took part in, as the user's scope shows them."""
    return (
        Participant.objects.restrict(user)
        .filter(person=person)
        .select_related("programme__office")
        .order_by("-programme__starts_on")
    )
