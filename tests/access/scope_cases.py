"""How each scoped page proves its office scoping: a record in UPT Serang's area, seen by
Serang's staff and national roles, invisible (no row, or 404) to Pontianak's, and closed to
anonymous visitors. A new scoped view adds one ScopeCase to SCOPE_CASES."""

from collections.abc import Callable
from dataclasses import dataclass

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record


@dataclass(frozen=True)
class ScopeCase:
    url_name: str
    kind: str  # "list": the record's marker shows or not; "detail": 200 or 404
    make: Callable[[], object]  # creates a record in Serang's area (Kota Serang, 3673)
    marker: Callable[[object], str]
    kwargs: Callable[[object], dict] = lambda record: {}


def _audit_event_in_serang():
    return audit_record(
        action=AuditAction.UPDATE, actor=None, object_repr="Penanda Serang", regency_id="3673"
    )


SCOPE_CASES = [
    ScopeCase("audit:list", "list", _audit_event_in_serang, lambda event: event.object_repr),
]
