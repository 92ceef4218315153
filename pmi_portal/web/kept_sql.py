"""A page's values_list() query compiled once per process and reused: building and compiling a
scoped queryset cost a busy page near a millisecond of Python a request, more than the rest of
its query. Only the SQL is kept; the rows are read anew each request. `kept_compiled` keeps
anything else compiled the same way (a scope's condition, a statement and its compiler)."""

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    NamedValuesListIterable,
    ValuesListIterable,
)
from django.db.models.utils import create_namedtuple_class

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
    sql, params, compiler, tuple_class = kept_compiled(
        ("kept_rows", key), lambda connection: _compiled(build(), connection)
    )
    if sql is None:
        return []
    if typed:
        params = [typed.get(p, p) if isinstance(p, str) else p for p in params]
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, params)
        results = cursor.fetchall()
    rows = compiler.results_iter(results=[results], tuple_expected=True)
    if tuple_class is None:
        return [row[0] for row in rows]
    if tuple_class is tuple:
        return list(rows)
    return [tuple.__new__(tuple_class, row) for row in rows]


def _compiled(queryset: QuerySet, connection) -> tuple:
    """(sql, params, compiler, the rows' tuple class: None for flat rows); no SQL for a
    queryset that can match nothing."""
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
        return None, (), compiler, tuple_class
    return sql, params, compiler, tuple_class
