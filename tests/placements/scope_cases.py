"""The registry's pages and how each proves its office scoping (see tests/access)."""

from django.core.files.base import ContentFile

from tests.access.scope_cases import ScopeCase
from tests.factories import PersonFactory, PlacementFactory
from tests.placements.conftest import PDF


def _document_in_serang():
    placement = PlacementFactory()
    return placement.documents.create(
        kind="ktp",
        file=ContentFile(PDF, name="ktp.pdf"),
        original_name="ktp.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )


def _pk(record) -> dict:
    return {"pk": record.pk}


# A blank registration form, and the agencies (P3MI): licensed companies, public record.
SAME_FOR_ALL_STAFF = {"placements:register", "placements:agencies", "placements:agency"}

SCOPE_CASES = [
    ScopeCase(
        "placements:search",
        "list",
        lambda: PersonFactory(full_name="Penanda Serangwati"),
        lambda worker: worker.full_name,
        query=lambda worker: {"q": "Serangwati"},
    ),
    ScopeCase(
        "placements:queue",
        "list",
        lambda: PlacementFactory(worker__full_name="Penanda Antrean"),
        lambda placement: placement.worker.full_name,
    ),
    ScopeCase(
        "placements:placements",
        "list",
        lambda: PlacementFactory(worker__full_name="Penanda Daftar Penempatan"),
        lambda placement: placement.worker.full_name,
    ),
    ScopeCase(
        "placements:placements_export",
        "list",
        lambda: PlacementFactory(worker__full_name="Penanda Ekspor Penempatan"),
        lambda placement: placement.worker.full_name,
        kwargs=lambda placement: {"fmt": "csv"},
        query=lambda placement: {"view": "registered", "from": "2020-01"},
    ),
    ScopeCase("placements:worker", "detail", PersonFactory, kwargs=_pk),
    ScopeCase("placements:worker_edit", "detail", PersonFactory, kwargs=_pk, national_may=False),
    ScopeCase("placements:placement_new", "detail", PersonFactory, kwargs=_pk, national_may=False),
    ScopeCase("placements:receipt", "detail", PlacementFactory, kwargs=_pk),
    ScopeCase("placements:history", "detail", PlacementFactory, kwargs=_pk),
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
