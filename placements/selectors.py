"""Reads of the registry, always through the office scope."""

from django.db.models import QuerySet

from placements.models import Placement
from placements.stages import BEFORE_DEPARTURE
from pmi_portal.people.models import Person


def worker_placements(worker: Person, user) -> QuerySet[Placement]:
    return (
        Placement.objects.restrict(user)
        .filter(worker=worker)
        .select_related("destination", "agency", "office")
        .order_by("-created_at")
    )


def counter_queue(user, *, limit: int = 50) -> QuerySet[Placement]:
    """Placements on their way to departure in the user's scope, longest waiting first."""
    return (
        Placement.objects.restrict(user)
        .filter(stage__in=BEFORE_DEPARTURE)
        .select_related("worker", "destination", "agency")
        .order_by("stage_changed_at")[:limit]
    )


def has_placement_on_record(person: Person) -> bool:
    """Whether the registry holds any placement of `person` (a legal departure on record)."""
    return Placement.objects.filter(worker=person).exists()
