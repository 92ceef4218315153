"""Reads of the registry, always through the office scope."""

from django.db import connections, router
from django.db.models import QuerySet

from outreach.selectors import took_part_in_any
from placements.models import Placement, StageChange
from placements.stages import BEFORE_DEPARTURE, FINAL
from pmi_portal.access.scoping import NotFoundOrNotYours, ensure_row_in_scope, scope_key
from pmi_portal.dashboards.sections import Filters
from pmi_portal.db import execute_kept
from pmi_portal.offices import selectors as office_selectors
from pmi_portal.offices.models import Regency
from pmi_portal.people import selectors as people_selectors
from pmi_portal.people.models import Person
from pmi_portal.web.kept_sql import KEY_STAND_IN, kept_compiled, kept_instances


def worker_for_page(user, pk: int) -> Person:
    """The person `pk` in `user`'s scope as the worker page reads one: with whether the person
    is flagged with anyone and took part in any programme, as gates before reading either.
    `NotFoundOrNotYours` alike for "not yours" and "none". The read's SQL is compiled once
    (kept_instances: building it and its two subqueries cost a millisecond of CPU) and the scope
    judged on the row, as restrict() would on its columns. The home regency and the registering
    office are reference data, kept (`home_regency_of`, `office_names`), not joined."""
    found = kept_instances(
        ("placements.worker-page",),
        lambda: Person.objects.annotate(
            flagged=people_selectors.flagged_open(), took_part=took_part_in_any()
        ).filter(pk=KEY_STAND_IN),
        pk,
    )
    if not found:
        raise NotFoundOrNotYours
    ensure_row_in_scope(found[0], user, "view")
    return found[0]


def home_regency_of(person: Person) -> Regency | None:
    """The person's home regency with its province, kept with the reference data's version
    (a regency saved renews it)."""
    code = person.home_regency_id
    if not code:
        return None
    regency = office_selectors.reference_kept(
        f"placements.home-regency:{code}",
        lambda: office_selectors.regencies_with_code(code).first(),
    )
    return regency if regency is not None and regency.pk == code else None


def worker_placements(worker: Person, user) -> list[Placement]:
    """The worker's placements in the user's scope, newest first, with what the worker page
    shows and the stage panel checks: each placement's worker is `worker`, read no more. The
    read's SQL is compiled once per scope (kept_instances)."""
    placements = kept_instances(
        ("placements.worker-placements", scope_key(user, Placement)),
        lambda: (
            Placement.objects.restrict(user)
            .filter(worker_id=KEY_STAND_IN)
            .select_related("destination", "agency")
            .order_by("-created_at")
        ),
        worker.pk,
    )
    for placement in placements:
        Placement.worker.field.set_cached_value(placement, worker)
    return placements


# What the stage panel lists of each move: when, to where, why, who (their names) and where.
HISTORY_COLUMNS = (
    "changed_at", "to_state", "reason", "actor_id",
    "actor__first_name", "actor__last_name", "actor__username", "office__name",
)  # fmt: skip


def placement_history(placement: Placement) -> list[tuple]:
    """The placement's moves, oldest first, as rows of HISTORY_COLUMNS. The read is the ORM's,
    compiled once a process and connection (kept_compiled): building and compiling it cost
    0.4 ms of CPU on every panel, the read itself 0.06, and the panel is drawn on the worker page
    and after every move."""
    alias = router.db_for_read(StageChange)
    sql, compiler, converters = kept_compiled(
        ("placements.history",), _history_statement, using=alias
    )
    with connections[alias].cursor() as cursor:
        execute_kept(cursor, sql, [placement.pk])
        rows = cursor.fetchall()
    # The database's own conversions (SQLite's dates are text), as the ORM applies them.
    return list(compiler.apply_converters(rows, converters)) if converters else rows


def _history_statement(connection):
    query = StageChange.objects.filter(placement_id=0).values_list(*HISTORY_COLUMNS).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    if tuple(params) != (0,):
        raise AssertionError(f"the history's read takes the placement's key alone: {params}")
    return sql, compiler, compiler.get_converters([column for column, _, _ in compiler.select])


def counter_queue(user, *, limit: int = 50) -> QuerySet[Placement]:
    """Placements on their way to departure in the user's scope, longest waiting first; only
    the columns the queue shows (the worker's name and NIK, the agency's status) are read."""
    return (
        Placement.objects.restrict(user)
        .filter(stage__in=BEFORE_DEPARTURE)
        .select_related("worker", "destination", "agency")
        .only(
            "worker__full_name",
            "worker__nik",
            "destination",
            "agency__status",
            "stage",
            "stage_changed_at",
        )
        .order_by("stage_changed_at")[:limit]
    )


def has_placement_on_record(person: Person) -> bool:
    """Whether the registry holds any placement of `person` (a legal departure on record).
    The ORM's read of one placement's key, compiled once a process and connection
    (kept_compiled): building it cost 0.2 ms of CPU of every arrival logged, the read 0.07."""
    alias = router.db_for_read(Placement)
    sql = kept_compiled(("placements.on-record",), _on_record_statement, using=alias)
    with connections[alias].cursor() as cursor:
        execute_kept(cursor, sql, [person.pk])
        return cursor.fetchone() is not None


def _on_record_statement(connection) -> str:
    query = Placement.objects.filter(worker_id=0).values("pk")[:1].query
    sql, params = query.get_compiler(connection=connection).as_sql()
    if tuple(params) != (0,):
        raise AssertionError(f"the placements' read takes the person's key alone: {params}")
    return sql


# The placements list's views: which date a period is read on, and which placements it holds.
VIEWS = ("registered", "departed", "active")


def newest_first_by(view: str) -> str:
    """The date a list of `view` runs newest first by: the one its period is read on, so that
    an old period is found by its index, not by reading every newer placement."""
    return "departed_on" if view == "departed" else "created_at"


def placements_for(
    user,
    view: str = "registered",
    *,
    stage: str = "",
    sector: str = "",
    sex: str = "",
    filters: Filters | None = None,
) -> QuerySet[Placement]:
    """The placements of the user's scope behind a dashboard figure: every one (`registered`,
    a period read on the registration date), those that departed (on the departure date) or
    those under way now (`active`); narrowed by the dashboard's `filters` (region, scheme,
    destination) and by stage, sector and the worker's sex (unordered: see `newest_first_by`)."""
    placements = Placement.objects.restrict(user).select_related(
        "worker", "destination", "office", "regency"
    )
    if view == "departed":
        placements = placements.filter(departed_on__isnull=False)
    elif view == "active":
        placements = placements.exclude(stage__in=FINAL)
    if filters is not None:
        placements = placements.filter(
            filters.in_region("regency"),
            filters.matching(scheme="scheme", destination="destination"),
            filters.in_period("departed_on", dates=True)
            if view == "departed"
            else filters.in_period("created_at"),
        )
    conditions = {"stage": stage, "sector": sector, "worker__sex": sex}
    return placements.filter(**{lookup: code for lookup, code in conditions.items() if code})
