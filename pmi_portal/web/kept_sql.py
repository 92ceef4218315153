"""A page's values_list() query compiled once per process and reused: building and compiling a
scoped queryset cost a busy page near a millisecond of Python a request, more than the rest of
its query. Only the SQL is kept; the rows are read anew each request. `kept_instances` does the
same for a queryset of model instances read by one key, `kept_compiled` keeps anything else
compiled the same way (a scope's condition, a statement and its compiler)."""

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    NamedValuesListIterable,
    ValuesListIterable,
    get_related_populators,
)
from django.db.models.utils import create_namedtuple_class

from pmi_portal.db import execute_kept

# Per connection object (one a thread) and key; a page's keys are few (scopes, languages,
# filters), and the oldest go first when there are more.
MOST_KEPT = 512
_kept: dict = {}
_NONE_YET = object()
T = TypeVar("T")


def kept_compiled(key: Hashable, make: Callable[[object], T], using: str = DEFAULT_DB_ALIAS) -> T:
    """What `make(connection)` compiles for `key`, made once per thread's connection of the
    database `using` and kept (the oldest go first beyond MOST_KEPT): SQL, a condition, a
    compiler. `key` must hold all that it depends on."""
    connection = connections[using]
    full_key = (connection, key)
    kept = _kept.get(full_key, _NONE_YET)
    if kept is _NONE_YET:
        kept = make(connection)
        if len(_kept) >= MOST_KEPT:
            _kept.pop(next(iter(_kept)), None)
        _kept[full_key] = kept
    return kept


def kept_rows(
    key: Hashable, build: Callable[[], QuerySet], typed: dict[str, str] | None = None
) -> list:
    """The rows of the values_list() queryset `build()` returns, as listing it gives them.
    `key` must hold everything the queryset's SQL depends on (the user's
    `access.scoping.scope_key`, the language, the filters): `build` runs only when a thread
    first meets it.

    What a user typed is no part of the key: `build` filters by stand-ins instead (strings no
    other parameter can equal, with a NUL), and `typed` maps each to this request's text."""
    sql, params, converted, tuple_class = kept_compiled(
        ("kept_rows", key), lambda connection: _compiled(build(), connection)
    )
    if sql is None:
        return []
    if typed:
        params = [typed.get(p, p) if isinstance(p, str) else p for p in params]
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        execute_kept(cursor, sql, params)
        results = cursor.fetchall()
    rows = map(tuple, converted(results))
    if tuple_class is None:
        return [row[0] for row in rows]
    if tuple_class is tuple:
        return list(rows)
    return [tuple.__new__(tuple_class, row) for row in rows]


def _compiled(queryset: QuerySet, connection) -> tuple:
    """(sql, params, what converts its rows (`_converter`), the rows' tuple class: None for flat
    rows); no SQL for a queryset that can match nothing."""
    if queryset.db != DEFAULT_DB_ALIAS or queryset._iterable_class not in (
        ValuesListIterable,
        NamedValuesListIterable,
        FlatValuesListIterable,
    ):
        raise ValueError("kept_rows keeps values_list() querysets of the default database")
    if queryset._iterable_class is FlatValuesListIterable:
        tuple_class = None
    elif queryset._iterable_class is NamedValuesListIterable:
        query = queryset.query
        names = queryset._fields or (
            *query.extra_select,
            *query.values_select,
            *query.annotation_select,
        )
        tuple_class = create_namedtuple_class(*names)
    else:
        tuple_class = tuple
    compiler = queryset.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None, (), None, tuple_class
    return sql, params, _converter(compiler), tuple_class


def _converter(compiler) -> Callable[[list], Iterable]:
    """What results_iter does to the fetched rows of `compiler`'s query (the database's own
    conversions: SQLite's dates are text), with the converters looked up once: a read of 60
    columns looked them up for a fifth of a millisecond each time."""
    fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
    if compiler.has_composite_fields(fields):
        return lambda rows: compiler.results_iter(results=[rows])
    converters = compiler.get_converters(fields)
    if not converters:
        return iter
    return lambda rows: compiler.apply_converters(rows, converters)


# A key no record has: a kept read of instances filters by it where each read has its own key.
KEY_STAND_IN = -2_147_483_647


def kept_instances(key: Hashable, build: Callable[[], QuerySet], pk) -> list:
    """The model instances of the queryset `build()` returns, as iterating it gives them (the
    rows of its select_related() and its annotations set), its SQL compiled once per thread's
    connection and `key` (as kept_rows's key). `build` filters by KEY_STAND_IN where this read
    has `pk`; it prefetches nothing."""
    sql, params, at, converted, instances = kept_compiled(
        ("kept_instances", key), lambda connection: _compiled_instances(build(), connection)
    )
    if sql is None:
        return []
    params = [*params]
    params[at] = pk
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        execute_kept(cursor, sql, params)
        results = cursor.fetchall()
    return instances(converted(results))


def _compiled_instances(queryset: QuerySet, connection) -> tuple:
    """(sql, params, where KEY_STAND_IN is among them, what converts its rows, what makes the
    instances of its rows); no SQL for a queryset that can match nothing."""
    if (
        queryset.db != DEFAULT_DB_ALIAS
        or queryset._iterable_class is not ModelIterable
        or queryset._prefetch_related_lookups
    ):
        raise ValueError("kept_instances keeps model querysets of the default database")
    compiler = queryset.query.get_compiler(connection=connection)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None, (), None, compiler, None
    if list(params).count(KEY_STAND_IN) != 1:
        raise ValueError(f"kept_instances filters by KEY_STAND_IN once: {params}")
    at = list(params).index(KEY_STAND_IN)
    return sql, tuple(params), at, _converter(compiler), _instances(compiler)


def _instances(compiler) -> Callable[[object], list]:
    """What ModelIterable makes of each row of `compiler`'s query, as a function of the rows."""
    select, klass_info, annotations = (
        compiler.select,
        compiler.klass_info,
        compiler.annotation_col_map,
    )
    model = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, DEFAULT_DB_ALIAS)

    def instances(rows) -> list:
        made = []
        for row in rows:
            instance = model.from_db(DEFAULT_DB_ALIAS, names, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in (annotations or {}).items():
                setattr(instance, name, row[position])
            made.append(instance)
        return made

    return instances


def kept_related(instance, name: str) -> list:
    """The rows of `instance`'s reverse foreign key `name`, read as prefetch_related(name)
    reads them and kept on `instance` the same way (`instance.<name>.all()` reads them no
    more; rows kept already are not read again), by SQL compiled once per thread's connection
    (kept_instances): building the prefetch's query cost half a millisecond of CPU, four times
    the read."""
    manager = getattr(instance, name)
    field = manager.field
    if field.remote_field.cache_name in getattr(instance, "_prefetched_objects_cache", {}):
        return list(manager.all())
    if not field.target_field.primary_key:
        raise ValueError("kept_related reads a foreign key to the primary key")
    rows = kept_instances(
        ("kept_related", type(instance)._meta.label, name),
        lambda: manager.model._default_manager.filter(**{field.attname: KEY_STAND_IN}),
        instance.pk,
    )
    for row in rows:
        field.set_cached_value(row, instance)
    # As prefetch_related keeps them: the manager's queryset, its result cache filled.
    kept = manager.get_queryset()
    kept._result_cache, kept._prefetch_done = rows, True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[field.remote_field.cache_name] = kept
    return rows
