from django.db import transaction

from pmi_portal.audit.models import AuditAction
from pmi_portal.audit.services import audit_record, changes_between, snapshot


class AuditedModelAdmin:
    """Admin edits go to the audit trail like any other change, with before and after."""

    def audit_regency_id(self, obj) -> str | None:
        return None

    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj)._default_manager.get(pk=obj.pk)) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                action=AuditAction.UPDATE if change else AuditAction.CREATE,
                actor=request.user,
                obj=obj,
                regency_id=self.audit_regency_id(obj),
                changes=changes_between(before, snapshot(obj)),
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                action=AuditAction.DELETE,
                actor=request.user,
                obj=obj,
                regency_id=self.audit_regency_id(obj),
                changes=changes_between(snapshot(obj), {}),
            )
            super().delete_model(request, obj)
