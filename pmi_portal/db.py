"""Database helpers shared by the apps."""

import datetime
import decimal
import hashlib
import re
import weakref

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


def on_postgresql(sql: str):
    """A RunPython function that runs `sql` on PostgreSQL only (SQLite has no equivalent)."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def insert_row(instance, *, on_conflict: str = "") -> bool:
    """INSERT the new `instance` in one statement (its fields' values as `save()` prepares
    them: defaults, `pre_save`, the database's form), its primary key given by the database
    (RETURNING; one it held is not written); for models whose saves nothing listens to (no
    signals are sent). `on_conflict` ("(column)") adds ON CONFLICT ... DO NOTHING: False when a
    row of that key was there, nothing inserted. Model.save()'s own way cost an audit event
    about 0.1 ms of CPU more (its compiler, its checks: 0.33 against 0.21 ms)."""
    return bool(_inserted([instance], on_conflict))


def insert_rows(instances: list) -> None:
    """INSERT the new `instances`, all of one model, in one statement as `insert_row` writes
    one, each given its primary key. The statement is one text for each number of rows,
    prepared once per connection on PostgreSQL: bulk_create compiled its statement anew each
    time (its PostgreSQL form casts each column of an UNNEST), 0.5 ms for a registration's two
    audit events. No instances, no statement (as bulk_create)."""
    if not instances:
        return
    if any(type(instance) is not type(instances[0]) for instance in instances):
        raise TypeError("insert_rows writes the rows of one model")
    _inserted(instances)


def _inserted(instances: list, on_conflict: str = "") -> list:
    """Write `instances` (`insert_row`), each given the primary key the database gave it; the
    keys, none when ON CONFLICT left the row out."""
    connection = transaction.get_connection()
    model = type(instances[0])
    quote = connection.ops.quote_name
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    values = [
        field.get_db_prep_save(field.pre_save(instance, True), connection)
        for instance in instances
        for field in fields
    ]
    columns = ", ".join(quote(field.column) for field in fields)
    row = f"({', '.join(['%s'] * len(fields))})"
    conflict = f" ON CONFLICT {on_conflict} DO NOTHING" if on_conflict else ""
    # Names from the model's meta, values as parameters.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES {', '.join([row] * len(instances))}{conflict} "
        f"RETURNING {quote(model._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        # A model's INSERT is one text (per number of rows): prepared once per connection.
        execute_kept(cursor, sql, values)
        keys = [key for (key,) in cursor.fetchall()]
    if keys:
        # RETURNING gives the rows of a VALUES list in its order, as bulk_create has it.
        for instance, key in zip(instances, keys, strict=True):
            instance.pk = key
            instance._state.adding = False
            instance._state.db = connection.alias
    return keys


def loaded_relations(obj) -> list[str]:
    """The foreign keys of `obj` that hold a row read from the database (a form's choice):
    full_clean need not ask whether it exists, and the database's constraint holds anyway."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.many_to_one
        and field.is_cached(obj)
        and (related := field.get_cached_value(obj)) is not None
        and not related._state.adding
        and related.pk == getattr(obj, field.attname)
    ]


class StaleEditError(ValidationError):
    """Someone else saved the record since the user opened it (optimistic locking by `version`)."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. "
                "Reload the page to see their change, then make yours again."
            ),
            code="stale",
        )


# A connection's statements: at most MOST_PREPARED, the oldest deallocated first, since
# statements whose constants vary by scope or page are distinct texts.
MOST_PREPARED = 200
# Per psycopg2 connection: statement text -> its prepared name, or None for one run as it is. A
# new connection (Django reconnects: CONN_MAX_AGE, a closed one) starts with none.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_NOT_YET = object()
_PLACEHOLDER = re.compile(r"%[s%]")
# Python values whose literal PostgreSQL types by itself (psycopg2 writes `42`, `true`,
# `'...'::date`): a parameter in their place is not to be inferred as text (`SELECT %s`: it would
# answer '42'). Ints and bools there are given their type; a statement with others runs as it is.
_TYPED_LITERALS = (bool, int, float, decimal.Decimal, datetime.date, datetime.time)
_DECLARED = {bool: "boolean", int: "bigint"}
_IN_FAILED_TRANSACTION = 3  # psycopg2.extensions.TRANSACTION_STATUS_INERROR


def execute_kept(cursor, sql: str, params) -> None:
    """Run the fixed statement `sql` (%s placeholders) with `params` on `cursor` (a Django
    cursor), on PostgreSQL as a statement prepared once per connection: psycopg2 sends each
    statement as text, planned anew each time, and planning cost the hot pages more than their
    reads. After five runs PostgreSQL may keep a generic plan and plan the statement no more."""
    connection = cursor.db
    if connection.vendor != "postgresql":
        cursor.execute(sql, params)
        return
    raw = connection.connection
    names = _prepared.get(raw)
    if names is None:
        names = _prepared[raw] = {}
    name = names.get(sql, _NOT_YET)
    if name is _NOT_YET:
        with connection.wrap_database_errors:
            name = _prepare(connection, cursor.cursor, names, sql, params)
    if name is None:
        cursor.execute(sql, params)
        return
    cursor.execute(_executed(name, params), params or None)
    if connection.queries_logged:
        # The log (DEBUG, tests) shows the statement a name stands for, as if sent as text.
        connection.queries_log[-1]["sql"] = cursor.cursor.mogrify(sql, params).decode()


def _prepare(connection, raw_cursor, names: dict, sql: str, params) -> str | None:
    """PREPARE `sql` on the raw cursor, once per connection (kept out of Django's query log, as
    a connection's setup is), and record in `names` its name, or None where PostgreSQL cannot
    type its parameters as their literals are typed or would keep a worse plan. Inside a
    transaction a failed PREPARE is undone to a savepoint and the transaction goes on; a
    prepared statement outlives a rollback. An error raised (an aborted transaction) records
    nothing."""
    if len(names) >= MOST_PREPARED:
        oldest = next(iter(names))
        if names[oldest] is not None:
            raw_cursor.execute(f"DEALLOCATE {names[oldest]}")
        del names[oldest]
    name = "kept_" + hashlib.blake2b(sql.encode(), digest_size=10).hexdigest()
    numbers = iter(range(1, len(params) + 1))
    body = _PLACEHOLDER.sub(lambda m: f"${next(numbers)}" if m[0] == "%s" else "%", sql)
    declared = ["unknown"] * len(params)
    types = _prepared_types(connection, raw_cursor, name, body, declared)
    untyped = _untyped(params, types)
    if untyped and all(type(params[at]) in _DECLARED for at in untyped):
        raw_cursor.execute(f"DEALLOCATE {name}")
        for at in untyped:
            declared[at] = _DECLARED[type(params[at])]
        types = _prepared_types(connection, raw_cursor, name, body, declared)
        untyped = _untyped(params, types)
    if types is not None and (untyped or not _generic_plan_as_good(raw_cursor, name, params)):
        raw_cursor.execute(f"DEALLOCATE {name}")
        types = None
    names[sql] = name if types is not None else None
    return names[sql]


def _untyped(params, types: list[str] | None) -> list[int]:
    """Where a parameter PostgreSQL typed as text holds a value whose literal has a type."""
    return [
        at
        for at, (value, kind) in enumerate(zip(params, types or (), strict=bool(types)))
        if isinstance(value, _TYPED_LITERALS) and kind == "text"
    ]


def _prepared_types(connection, raw_cursor, name: str, body: str, declared: list[str]):
    """PREPARE `body` as `name` with the `declared` parameter types; the types PostgreSQL gave
    its parameters, or None if it could give one none."""
    in_transaction = not connection.connection.autocommit
    if in_transaction:
        raw_cursor.execute("SAVEPOINT kept_prepare")
    types = f" ({', '.join(declared)})" if declared else ""
    try:
        raw_cursor.execute(f"PREPARE {name}{types} AS {body}")
    except connection.Database.ProgrammingError:  # a parameter of no type PostgreSQL can infer
        if in_transaction:
            raw_cursor.execute("ROLLBACK TO SAVEPOINT kept_prepare")
            raw_cursor.execute("RELEASE SAVEPOINT kept_prepare")
        return None
    if in_transaction:
        raw_cursor.execute("RELEASE SAVEPOINT kept_prepare")
    raw_cursor.execute(
        "SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = %s", [name]
    )
    return raw_cursor.fetchone()[0]


def _generic_plan_as_good(raw_cursor, name: str, params) -> bool:
    """Whether the plan PostgreSQL would keep for the prepared statement `name` (its generic
    plan) is the plan it makes for `params` (a custom plan), and builds no array of parameters
    for each row of a scan not narrowed by an index condition (`IN (%s, ...)` in its filter: a
    constant array is built once). A name search's generic plan read in 600 ms what its custom
    plan read in 3; a case list's filter over 3,000 index rows took 1.7 ms for 0.5."""
    execute = _executed(name, params)
    plans = []
    try:
        for mode in ("force_generic_plan", "force_custom_plan"):
            raw_cursor.execute(f"SET plan_cache_mode = {mode}")
            raw_cursor.execute(f"EXPLAIN (COSTS OFF, FORMAT JSON) {execute}", params)
            plans.append(raw_cursor.fetchone()[0][0]["Plan"])
    finally:
        # The session's own setting back; a failed transaction's rollback undoes the SET itself.
        if raw_cursor.connection.info.transaction_status != _IN_FAILED_TRANSACTION:
            raw_cursor.execute("RESET plan_cache_mode")
    generic, custom = plans
    return _shape(generic) == _shape(custom) and not any(
        "ARRAY[$" in node.get("Filter", "")
        and "Index Cond" not in node
        and "Recheck Cond" not in node
        for node in _nodes(generic)
    )


def _shape(node: dict) -> tuple:
    """A plan's nodes, the tables and indexes they read and how they join, without conditions."""
    return (
        *(node.get(key) for key in _SHAPE_KEYS),
        tuple(_shape(child) for child in node.get("Plans", ())),
    )


_SHAPE_KEYS = (
    "Node Type", "Strategy", "Join Type", "Relation Name", "Index Name", "Scan Direction"
)  # fmt: skip


def _nodes(node: dict):
    yield node
    for child in node.get("Plans", ()):
        yield from _nodes(child)


def _executed(name: str, params) -> str:
    """EXECUTE `name` with placeholders for `params`."""
    return f"EXECUTE {name}({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
