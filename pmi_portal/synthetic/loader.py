"""Loading many rows fast: PostgreSQL COPY, plain batched INSERTs elsewhere.

Secondary indexes of the tables being filled are dropped during a large PostgreSQL load and
built again after it: building an index once over a million rows is much faster than
keeping it up to date row by row.
"""

import contextlib
import io
from collections.abc import Iterable, Sequence

from django.db import connection


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Append `rows` to `table`; None is NULL, "" is an empty string. Returns the count."""
    rows = list(rows)
    if not rows:
        return 0
    if connection.vendor == "postgresql":
        buffer = io.StringIO()
        buffer.writelines(",".join(map(_csv_field, row)) + "\n" for row in rows)
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buffer
            )
        return len(rows)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )
    return len(rows)


def _csv_field(value) -> str:
    """COPY's CSV: NULL is an unquoted empty field, so every string is quoted ("" is empty)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return '"' + value.replace('"', '""') + '"'
    return str(value)


def next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def reset_sequences(tables: Sequence[str]) -> None:
    """After rows were written with explicit ids, the id sequences continue after them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            )


@contextlib.contextmanager
def indexes_deferred(tables: Sequence[str]):
    """On PostgreSQL, drop the plain indexes of `tables` and build them again after the load.

    Use it inside transaction.atomic(): if the load fails, the rollback restores the indexes.
    Primary keys and unique or partial-unique indexes stay: they guard the data being loaded.
    """
    if connection.vendor != "postgresql":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("indexes_deferred() needs a transaction to roll back into")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.indexname, i.indexdef FROM pg_indexes i
            JOIN pg_class c ON c.relname = i.indexname
            JOIN pg_index x ON x.indexrelid = c.oid
            WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
              AND NOT x.indisunique AND NOT x.indisprimary
            """,
            [list(tables)],
        )
        deferred = cursor.fetchall()
        for name, _ in deferred:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    yield
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; check them now, or PostgreSQL refuses to
        # build an index on a table with checks pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _, definition in deferred:
            # A partitioned table's index is listed as made ON ONLY the table, which builds no
            # partition's: built ON it, it is built on every partition (people_namekey_area).
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
