"""Writing the audit trail. Every service that changes a domain record calls `audit_record`."""

import datetime
import decimal
import uuid
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.contenttypes.models import ContentType
from django.db import models

from pmi_portal.audit.context import current_request_context
from pmi_portal.audit.models import AuditAction, AuditEvent

# The rows of an `audit_rows_together` block, while one runs.
_together: ContextVar[list | None] = ContextVar("audit_rows_together", default=None)


def _plain(value):
    """A JSON-safe form of a field value."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or None
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of `obj` (foreign keys as their ids)."""
    values = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name == "password":
            continue
        values[field.name] = _plain(getattr(obj, field.attname))
    return values


def changes_between(before: dict, after: dict) -> dict:
    """{field: [before, after]} for every field whose value differs."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def audit_record(
    *,
    action: AuditAction,
    actor,
    obj: models.Model | None = None,
    regency_id: str | None = None,
    changes: dict | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    """Write one audit row in the caller's transaction, with the request's origin if any (in
    an `audit_rows_together` block: with the block's other rows as it ends)."""
    context = current_request_context()
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent(
        action=action,
        actor=actor if is_user else None,
        actor_username=actor.get_username() if is_user else "",
        actor_office_id=getattr(actor, "office_id", None) if is_user else None,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:200],
        regency_id=regency_id,
        changes=changes or {},
        ip_address=context.ip_address if context else None,
        request_id=context.request_id if context else "",
        path=context.path if context else "",
    )
    together = _together.get()
    if together is not None:
        together.append(event)
    else:
        event.save()
    return event


@contextmanager
def audit_rows_together():
    """The rows `audit_record` is asked for inside are written in one INSERT as the block
    ends without an error (in the caller's transaction, which must hold the block); until
    then they are unsaved. A registration's two rows, one statement fewer."""
    events: list[AuditEvent] = []
    token = _together.set(events)
    try:
        yield
    finally:
        _together.reset(token)
    if len(events) > 1:
        AuditEvent.create_together(events)
    elif events:
        events[0].save()


def audit_identity_viewed(*, actor, obj: models.Model, regency_id: str | None) -> AuditEvent:
    """A user in scope saw whole identity data (NIK, passport, phone, address) of `obj`."""
    return audit_record(
        action=AuditAction.VIEW_IDENTITY, actor=actor, obj=obj, regency_id=regency_id
    )
