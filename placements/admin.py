from django.contrib import admin

from placements.models import Agency
from pmi_portal.audit.admin_mixins import AuditedModelAdmin


@admin.register(Agency)
class AgencyAdmin(AuditedModelAdmin, admin.ModelAdmin):
    """Agencies are added and corrected here; their licence status changes on the portal's
    agency page, where the reason is recorded."""

    list_display = ["name", "licence_number", "status", "status_changed_at", "regency"]
    list_filter = ["status"]
    search_fields = ["name", "licence_number"]
    list_select_related = ["regency"]
    fields = [
        "name",
        "licence_number",
        "regency",
        "address",
        "phone",
        "email",
        "status",
        "status_reason",
        "status_changed_at",
    ]
    readonly_fields = ["status", "status_reason", "status_changed_at"]

    def audit_regency_id(self, obj) -> str | None:
        return obj.regency_id

    def has_delete_permission(self, request, obj=None):
        return False
