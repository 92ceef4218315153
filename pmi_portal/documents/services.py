"""Storing a private document: checked, named at random, recorded and audited in one step."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record
from pmi_portal.documents.inspection import DOCUMENT_TYPES, inspect_upload
from pmi_portal.documents.models import PrivateDocument
from pmi_portal.documents.storage import clean_original_name


@transaction.atomic
def document_store(
    *,
    actor,
    model: type[PrivateDocument],
    owner: dict,
    kind: str,
    uploaded,
    regency_id: str | None,
    allowed: frozenset[str] = DOCUMENT_TYPES,
) -> PrivateDocument:
    """Check `uploaded` by its bytes and keep it as a `model` row of `owner` (e.g. {"placement":
    placement}). `actor=None` is a member of the public: nothing about them is kept."""
    if kind not in dict(model._meta.get_field("kind").flatchoices):
        raise ValidationError({"kind": _("Choose the kind of document.")}, code="kind")
    inspected = inspect_upload(uploaded, allowed=allowed)
    is_user = actor is not None and actor.is_authenticated
    # A public reporter's file name may carry their name or their phone's: not kept.
    name = uploaded.name if is_user else ""
    document = model.objects.create(
        **owner,
        kind=kind,
        file=uploaded,
        original_name=clean_original_name(name, inspected.content_type),
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        uploaded_by=actor if is_user else None,
    )
    audit_record(
        action=AuditAction.CREATE,
        actor=actor if is_user else None,
        obj=document,
        regency_id=regency_id,
        changes={"kind": [None, kind], "sha256": [None, inspected.sha256]},
    )
    return document
