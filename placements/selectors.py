"""Reads of the registry, always through the office scope."""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
from django.db.models import Q, QuerySet

from placements.models import Placement, PossibleDuplicate, Worker, name_key
from placements.stages import BEFORE_DEPARTURE

SEARCH_LIMIT = 20
# pg_trgm's `%` matches above pg_trgm.similarity_threshold (0.3 by default). At 0.3 a common
# given name alone makes a match, and a national search ranks hundreds of thousands of rows;
# at 0.45 a name with a letter dropped or doubled is still found (bench: name_search).
NAME_SIMILARITY_THRESHOLD = 0.45


@dataclass(frozen=True)
class SimilarWorker:
    worker: Worker
    reason: str  # "name_and_birth_date" or "passport"


def similar_workers(
    *, full_name: str, birth_date: datetime.date | None, passport_number: str, exclude_pk=None
) -> list[SimilarWorker]:
    """Other workers who may be the same person: same name and birth date, or same passport.

    Not scoped: a person registered at another office is exactly the duplicate to catch.
    """
    condition = Q(pk__in=[])
    if full_name and birth_date:
        condition |= Q(name_key=name_key(full_name), birth_date=birth_date)
    if passport_number:
        condition |= Q(passport_number__iexact=passport_number)
    matches = Worker.objects.filter(condition).select_related("registered_by_office")
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    found = []
    for worker in matches[:10]:
        same_passport = (
            passport_number and worker.passport_number.upper() == passport_number.upper()
        )
        found.append(SimilarWorker(worker, "passport" if same_passport else "name_and_birth_date"))
    return found


def open_duplicates_of(worker: Worker) -> list[Worker]:
    """The workers an officer flagged as possibly the same person, not yet resolved."""
    flags = PossibleDuplicate.objects.filter(
        Q(worker=worker) | Q(similar_to=worker), resolution=PossibleDuplicate.Resolution.OPEN
    ).select_related("worker", "similar_to")
    return [flag.similar_to if flag.worker_id == worker.pk else flag.worker for flag in flags]


def _digits(query: str) -> str:
    return query.replace(" ", "").replace(".", "")


def search_workers(user, query: str) -> list[Worker]:
    """The counter's search: exact NIK or passport number, else a name with typos allowed."""
    text = (query or "").strip()
    if len(text) < 2:
        return []
    workers = Worker.objects.restrict(user).select_related("home_regency")
    digits = _digits(text)
    if digits.isdigit() and len(digits) == 16:
        return list(workers.filter(nik=digits)[:1])
    exact_passport = list(workers.filter(passport_number=text.upper())[:SEARCH_LIMIT])
    if exact_passport:
        return exact_passport
    return name_matches(workers, text)


def name_matches(workers: QuerySet[Worker], text: str) -> list[Worker]:
    key = name_key(text)
    if not key:
        return []
    if connection.vendor == "postgresql":
        # `%` (typos) and LIKE (a name typed half-way) are both answered by the trigram GIN
        # index; only the matches are ranked, never the whole table (ORDER BY name <-> q over
        # millions of rows takes tens of seconds).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.similarity_threshold', %s, true)",
                [str(NAME_SIMILARITY_THRESHOLD)],
            )
            return list(
                workers.filter(Q(name_key__trigram_similar=key) | Q(name_key__contains=key))
                .annotate(similarity=TrigramSimilarity("name_key", key))
                .order_by("-similarity", "name_key")[:SEARCH_LIMIT]
            )
    condition = Q()
    for token in key.split():
        condition &= Q(name_key__contains=token)
    return list(workers.filter(condition).order_by("name_key")[:SEARCH_LIMIT])


def worker_placements(worker: Worker, user) -> QuerySet[Placement]:
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
