"""How each scoped page proves its office scoping: a record in UPT Serang's area, seen by
Serang's staff and national roles, invisible (no row, or 404) to Pontianak's, and closed to
anonymous visitors. A new scoped view adds one ScopeCase to SCOPE_CASES."""

from collections.abc import Callable
from dataclasses import dataclass, field

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from tests.factories import PlacementFactory, WorkerFactory


@dataclass(frozen=True)
class ScopeCase:
    url_name: str
    kind: str  # "list": the record's marker shows or not; "detail": answered, or 404
    make: Callable[[], object]  # creates a record in Serang's area (Kota Serang, 3673)
    marker: Callable[[object], str] = lambda record: ""
    kwargs: Callable[[object], dict] = lambda record: {}
    query: Callable[[object], dict] = lambda record: {}
    method: str = "get"
    data: Callable[[object], dict] = field(default=lambda record: {})
    # Roles that may use the page at all; the national analyst reads but does not register.
    national_may: bool = True


def _audit_event_in_serang():
    return audit_record(
        action=AuditAction.UPDATE, actor=None, object_repr="Penanda Serang", regency_id="3673"
    )


def _document_in_serang():
    from django.core.files.base import ContentFile

    placement = PlacementFactory()
    return placement.documents.create(
        kind="ktp",
        file=ContentFile(b"%PDF-1.4", name="ktp.pdf"),
        original_name="ktp.pdf",
        content_type="application/pdf",
        size=8,
        sha256="0" * 64,
    )


def _duplicate_in_serang():
    from placements.models import PossibleDuplicate

    return PossibleDuplicate.objects.create(
        worker=WorkerFactory(full_name="Penanda Ganda"),
        similar_to=WorkerFactory(full_name="Penanda Ganda"),
        reason="name_and_birth_date",
    )


def _pk(record) -> dict:
    return {"pk": record.pk}


SCOPE_CASES = [
    ScopeCase("audit:list", "list", _audit_event_in_serang, lambda event: event.object_repr),
    ScopeCase(
        "placements:search",
        "list",
        lambda: WorkerFactory(full_name="Penanda Serangwati"),
        lambda worker: worker.full_name,
        query=lambda worker: {"q": "Serangwati"},
    ),
    ScopeCase(
        "placements:queue",
        "list",
        lambda: PlacementFactory(worker__full_name="Penanda Antrean"),
        lambda placement: placement.worker.full_name,
    ),
    ScopeCase("placements:worker", "detail", WorkerFactory, kwargs=_pk),
    ScopeCase(
        "placements:duplicates",
        "list",
        _duplicate_in_serang,
        lambda flag: flag.worker.full_name,
    ),
    ScopeCase(
        "placements:duplicate_resolve",
        "detail",
        _duplicate_in_serang,
        kwargs=_pk,
        method="post",
        data=lambda flag: {"resolution": "different"},
        national_may=False,
    ),
    ScopeCase("placements:worker_edit", "detail", WorkerFactory, kwargs=_pk, national_may=False),
    ScopeCase("placements:placement_new", "detail", WorkerFactory, kwargs=_pk, national_may=False),
    ScopeCase("placements:receipt", "detail", PlacementFactory, kwargs=_pk),
    ScopeCase("placements:document", "detail", _document_in_serang, kwargs=_pk),
    ScopeCase(
        "placements:move",
        "detail",
        PlacementFactory,
        kwargs=_pk,
        method="post",
        data=lambda placement: {"to_stage": "cancelled", "version": 1, "reason": "uji"},
        national_may=False,
    ),
    ScopeCase(
        "placements:document_upload",
        "detail",
        PlacementFactory,
        kwargs=_pk,
        method="post",
        data=lambda placement: {"kind": "ktp"},
        national_may=False,
    ),
]
