"""The hash chain of the audit trail: each event's hash covers its content and the previous hash.

An event changed, inserted or removed behind the portal's back (the trigger bypassed by a
superuser) breaks the link at that event; `manage.py verify_audit` finds the first break.
Removing the newest events leaves no break: keep the last hash that `verify_audit` prints
somewhere else (the daily report, the backup log) to notice that.

Events are chained shortly after they commit (`seal`), not as they are written: a lock held
by every audited request from its append to its commit let only one commit at a time, about
300 a second on the bench's machine whatever the rest of the request cost. Until it is sealed,
an event is protected by the database's refusal of changes alone (migration audit 0002).
"""

import datetime
import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

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
# pg_advisory_xact_lock key of the sealers: any constant no other lock uses ("AUDIT" in hex).
SEAL_LOCK_KEY = 0x4155444954
# Events chained a transaction.
SEAL_BATCH = 2000
# While this cache key lives a sealing task is queued (it deletes the key as it starts).
SEAL_QUEUED_KEY = "audit.seal-queued"
SEAL_QUEUED_SECONDS = 60


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


def seal(batch: int = SEAL_BATCH) -> int:
    """Chain the events not chained yet, oldest id first, after the last chained event; the
    number chained.

    An event is written unchained (`chain_seq` NULL), in its writer's transaction, with no lock:
    audited requests commit side by side. Sealing gives each committed event its place in the
    chain (`chain_seq`, one more than the last) and its hash over the one before, under a lock
    that only sealers take (PostgreSQL), a batch a transaction. An event whose transaction
    commits after a later id was sealed is chained where it is met: the chain's order is
    `chain_seq`. The database lets a row be updated only from unchained to chained, with its
    content as it was (migration audit 0008).
    """
    from pmi_portal.audit.models import AuditEvent

    chained = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEAL_LOCK_KEY])
            last = (
                AuditEvent.objects.filter(chain_seq__isnull=False)
                .order_by("-chain_seq")
                .values_list("chain_seq", "chain_hash")
                .first()
            )
            seq, previous = last or (0, GENESIS)
            rows = list(
                AuditEvent.objects.filter(chain_seq__isnull=True)
                .order_by("pk")
                .values("pk", *HASHED_FIELDS)[:batch]
            )
            events = []
            for row in rows:
                seq += 1
                previous = event_hash(row, previous)
                events.append(AuditEvent(pk=row["pk"], chain_seq=seq, chain_hash=previous))
            AuditEvent.objects.bulk_update(events, ["chain_seq", "chain_hash"], batch_size=500)
        chained += len(rows)
        if len(rows) < batch:
            return chained


def seal_soon() -> None:
    """Have the events just committed chained: at once without a broker (the embedded
    default, one writer at a time), else by a Celery worker (`audit.seal`), asked once while
    one is queued. Celery beat seals what a lost task left (`audit-seal`)."""
    from pmi_portal.audit.tasks import seal_audit

    if settings.CELERY_TASK_ALWAYS_EAGER:
        seal()
        return
    try:
        if cache.add(SEAL_QUEUED_KEY, 1, SEAL_QUEUED_SECONDS):
            seal_audit.delay()
    except (RedisError, KombuError):
        logger.warning("audit events wait for Celery beat's sealing", exc_info=True)


def seal_on_commit() -> None:
    """The caller's transaction wrote an event: seal once it commits (once a transaction). A
    sealing that fails is logged, not raised: the writer's work is committed, and the next
    sealing (beat's, verify_audit's) chains what waits."""
    if not any(pending[1] is seal_soon for pending in connection.run_on_commit):
        transaction.on_commit(seal_soon, robust=True)
