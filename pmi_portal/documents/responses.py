"""Handing a private document to a browser, and recording that someone saw it."""

from django.http import FileResponse

from pmi_portal.audit.models import AuditEvent
from pmi_portal.audit.services import audit_identity_viewed


def private_file_response(document) -> FileResponse:
    """A download of `document` that no browser renders or keeps, whatever its bytes.

    The caller scopes and audits: it finds `document` through its owner's `restrict()` (out of
    scope is 404) and calls `document_viewed` before answering.
    """
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=True,
        filename=document.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def document_viewed(*, actor, document, regency_id: str | None) -> AuditEvent:
    """A user in scope opened `document` (in the audit trail, with the region of its owner)."""
    return audit_identity_viewed(actor=actor, obj=document, regency_id=regency_id)
