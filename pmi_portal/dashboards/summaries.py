"""The dashboard's summary tables: counts of records grouped by their scope columns (regency,
office), month and the codes the dashboard shows or filters by, declared by each app
(`AppConfig.portal.summaries`) and read by its dashboard section instead of the raw tables.

`summaries_refresh` rebuilds every summary in one transaction (readers see the old counts
until it commits, never half of the new ones) and records when; Celery beat runs it every
DASHBOARD_REFRESH_SECONDS, `manage.py refresh_dashboards` once, and a portal without a broker
(DASHBOARD_REFRESH_IN_PROCESS) runs it in-process when a reader finds them older than that.

A summary's foreign keys carry no index nor constraint, and its rows are written in month
order: each refresh rewrites every row, so it is indexed by month (and, partially, by what
is few, such as the handovers waiting) and a period's rows lie together.
"""

import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Count, F, QuerySet, Sum
from django.utils import timezone
from django.utils.module_loading import import_string

from pmi_portal.contributions import contributions
from pmi_portal.dashboards.models import SummaryRefresh
from pmi_portal.web.versioned import kept, version_change

# The cache's name for the time of the last refresh, read by every dashboard and home page.
AS_OF_CACHE = "summaries-as-of"

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Summary:
    """A summary table (`model`, whose count column is `count`) and one of its sources: a
    function (now) -> queryset of the records, annotated so that each name of `columns` is a
    field of the model; the refresh groups them by `columns` and counts them (`counted`: what
    is counted, e.g. distinct cases, their rows by default)."""

    model: type
    source: Callable[[datetime.datetime], QuerySet]
    columns: tuple[str, ...]
    count: str = "records"
    counted: str = "pk"
    distinct: bool = False
    # Rows are written in this column's order, so that a period's rows lie together on disk.
    clustered_by: str | None = "month"

    def select(self, now: datetime.datetime) -> QuerySet:
        return (
            self.source(now)
            .values(*self.columns)
            .annotate(**{self.count: Count(self.counted, distinct=self.distinct)})
            .values_list(*self.columns, self.count)
            .order_by(*[self.clustered_by] if self.clustered_by else [])
        )

    def insert_sql(self, now: datetime.datetime) -> tuple[str, tuple]:
        """INSERT INTO the summary SELECT ... GROUP BY from the source, in the database."""
        sql, params = self.select(now).query.sql_with_params()
        quote = connection.ops.quote_name
        opts = self.model._meta
        columns = ", ".join(quote(opts.get_field(n).column) for n in (*self.columns, self.count))
        return f"INSERT INTO {quote(opts.db_table)} ({columns}) {sql}", params


def declared_summaries() -> list[Summary]:
    """The summaries the installed apps declare, in INSTALLED_APPS order."""
    return [
        summary for c in contributions() if c.summaries for summary in import_string(c.summaries)
    ]


def summaries_refresh(
    *, now: datetime.datetime | None = None, wait: bool = False
) -> SummaryRefresh | None:
    """Rebuild every summary as of `now` in one transaction. None when another refresh holds
    the lock (it brings the same counts), unless `wait`: then after it, once more."""
    SummaryRefresh.objects.get_or_create(pk=1)
    started = time.perf_counter()
    with transaction.atomic():
        refresh = (
            SummaryRefresh.objects.select_for_update(skip_locked=not wait).filter(pk=1).first()
        )
        if refresh is None:
            return None
        now = now or timezone.now()
        summaries = declared_summaries()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Compiling each big GROUP BY took PostgreSQL's JIT about 2 s of the 12 it ran
                # at 3,000,000 placements: for queries run once per refresh, it costs more
                # than it saves.
                cursor.execute("SET LOCAL jit = off")
            for model in dict.fromkeys(summary.model for summary in summaries):
                model.objects.all().delete()
            for summary in summaries:
                cursor.execute(*summary.insert_sql(now))
        _analyze({summary.model for summary in summaries})
        refresh.as_of = now
        refresh.seconds = time.perf_counter() - started
        refresh.save(update_fields=["as_of", "seconds"])
        version_change(AS_OF_CACHE, [refresh.pk])
    logger.info("dashboard summaries refreshed in %.2f s", refresh.seconds)
    return refresh


def _analyze(models) -> None:
    """New statistics for the planner, committed with the rows: each refresh replaces them all
    (PostgreSQL counts the transaction's own new rows as live when it samples)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def summaries_as_of() -> datetime.datetime:
    """When the summaries were last refreshed. Never refreshed, they are refreshed here first;
    without a broker (no beat) also when older than DASHBOARD_REFRESH_SECONDS. Kept in the
    cache as long as the figures are, under a version each refresh renews."""

    def read() -> datetime.datetime | None:
        return SummaryRefresh.objects.filter(pk=1).values_list("as_of", flat=True).first()

    # Kept as "never", it is read again: the first refresh may have committed meanwhile.
    as_of = kept(AS_OF_CACHE, 1, read, seconds=settings.DASHBOARD_CACHE_SECONDS)[0] or read()
    stale = as_of is None or (
        settings.DASHBOARD_REFRESH_IN_PROCESS
        and timezone.now() - as_of >= datetime.timedelta(seconds=settings.DASHBOARD_REFRESH_SECONDS)
    )
    if stale:
        refreshed = summaries_refresh(wait=as_of is None)
        if refreshed is not None:
            return refreshed.as_of
    return as_of


def sums(queryset, *fields: str):
    """(code, count) pairs of a summary: its counts added up per `field` (per each
    combination of `fields`' values when more: (code, code, count))."""
    return queryset.values_list(*fields).annotate(n=Sum("records")).order_by()


def total(queryset) -> int:
    """A summary's counts added up."""
    return queryset.aggregate(n=Sum("records"))["n"] or 0


def sums_by(queryset, *sets: str | tuple[str, ...]) -> dict[tuple[str, ...], list[tuple]]:
    """A summary's counts added up per each of `sets` (a field, or a tuple of fields; () for
    the counts in all): set -> [(*values, count)], as `sums` gives one field's. On PostgreSQL
    in one pass over the rows (GROUP BY GROUPING SETS) instead of one query per set: a
    national period's rows are read once, not once per table of the dashboard."""
    sets = list(dict.fromkeys((s,) if isinstance(s, str) else tuple(s) for s in sets))
    if connection.vendor != "postgresql":
        return {s: _sums_of_set(queryset, s) for s in sets}
    fields = list(dict.fromkeys(field for s in sets for field in s))
    aliases = [f"set_{i}" for i in range(len(fields))]
    rows = queryset.annotate(**{a: F(f) for a, f in zip(aliases, fields, strict=True)})
    try:
        sql, params = rows.values_list(*aliases, "records").order_by().query.sql_with_params()
    except EmptyResultSet:  # restrict() gave none(): a user who may not see these records
        return {s: [] if s else [(0,)] for s in sets}
    converters = [_converter(rows.query.annotations[a].output_field) for a in aliases]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(a) for a in aliases)
    grouping_sets = ", ".join(
        "(" + ", ".join(quote(aliases[fields.index(f)]) for f in s) + ")" for s in sets
    )
    # GROUPING() has a bit per column, the first the highest, set where the row's set lacks it.
    set_of_mask = {
        sum(1 << (len(fields) - 1 - i) for i, f in enumerate(fields) if f not in s): s for s in sets
    }
    found = {s: [] for s in sets}
    with connection.cursor() as cursor:
        # The ORM's own compiled query and quoted aliases; every value goes as a parameter.
        grouped = (
            f"SELECT GROUPING({columns}), {columns}, SUM({quote('records')}) "  # noqa: S608
            f"FROM ({sql}) AS summary GROUP BY GROUPING SETS ({grouping_sets})"
        )
        cursor.execute(grouped, params)
        for mask, *values, n in cursor.fetchall():
            s = set_of_mask[mask]
            picked = [converters[fields.index(f)](values[fields.index(f)]) for f in s]
            found[s].append((*picked, n or 0))
    return found


def _sums_of_set(queryset, fields: tuple[str, ...]) -> list[tuple]:
    return list(sums(queryset, *fields)) if fields else [(total(queryset),)]


def _converter(output_field):
    """What the ORM does to a value of `output_field` read from the database (a JSON list
    comes as text from a raw cursor)."""
    from_db_value = getattr(output_field, "from_db_value", None)
    if from_db_value is None:
        return lambda value: value
    return lambda value: from_db_value(value, None, connection)
