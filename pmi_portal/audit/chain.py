"""The hash chain of the audit trail: each event's hash covers its content and the previous hash.

An event changed, inserted or removed behind the portal's back (the trigger bypassed by a
superuser) breaks the link at that event; `manage.py verify_audit` finds the first break.
Removing the newest events leaves no break: keep the last hash that `verify_audit` prints
somewhere else (the daily report, the backup log) to notice that.
"""

import datetime
import hashlib
import json
from collections.abc import Callable

from django.db import connection, transaction

# The content of an event, in the order hashed. Ids of related rows, not their text.
HASHED_FIELDS = (
    "occurred_at",
    "action",
    "actor_id",
    "actor_username",
    "actor_office_id",
    "content_type_id",
    "object_id",
    "object_repr",
    "regency_id",
    "changes",
    "ip_address",
    "request_id",
    "path",
)
GENESIS = "0" * 64
# pg_advisory_xact_lock key of audit appends: any constant no other lock uses ("AUDIT" in hex).
APPEND_LOCK_KEY = 0x4155444954


def _canonical(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    return value


def content_of(event) -> dict:
    """The hashed content of an event (a model instance, historical ones too)."""
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def event_hash(content: dict, previous_hash: str) -> str:
    """SHA-256 (hex) of the hash before and an event's content (`HASHED_FIELDS` as read)."""
    canonical = {name: _canonical(content[name]) for name in HASHED_FIELDS}
    text = json.dumps(
        [previous_hash, canonical], sort_keys=True, ensure_ascii=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode()).hexdigest()


def chain_of(rows):
    """Yield (row, expected hash) along rows of `chain_hash` and content, in the chain's order.

    Each expected hash builds on the stored hash of the row before, so one altered row breaks
    its own link only and is the one reported.
    """
    previous = GENESIS
    for row in rows:
        yield row, event_hash(row, previous)
        previous = row["chain_hash"] or GENESIS


def lock_appends() -> None:
    """Serialise appends to the chain until the transaction ends (PostgreSQL).

    Every write that audits waits here for the one before it to commit: the chain's order is
    the order of the ids. SQLite writes one transaction at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK_KEY])


def previous_hash(read_last: Callable[[], str | None]) -> str:
    """The hash the next event builds on, with appends locked until the transaction ends:
    `read_last()` reads the newest event's hash, unless this transaction appended the newest.

    After an append the lock is held to the transaction's end, so no other writer can have
    appended since: the hash of the transaction's own last event is carried (`appended`), no
    lock asked again nor hash read. It is carried while the marker it registered to run on
    commit is pending: Django drops that marker when the transaction, or a savepoint around
    the event, rolls back (the event and its lock gone with it).
    """
    carried = getattr(connection, "audit_chain_tail", None)
    if carried is not None:
        marker, chain_hash = carried
        if any(pending[1] is marker for pending in connection.run_on_commit):
            return chain_hash
    lock_appends()
    return read_last() or GENESIS


def appended(chain_hash: str) -> None:
    """The event of `chain_hash` is inserted, in the caller's transaction: the next append of
    the transaction builds on it (see `previous_hash`)."""

    def marker() -> None:
        """Runs on commit, when nothing is carried any more."""

    transaction.on_commit(marker)
    connection.audit_chain_tail = (marker, chain_hash)
