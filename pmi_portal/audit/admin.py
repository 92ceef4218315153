from django.contrib import admin

from pmi_portal.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: nobody edits the trail through the portal."""

    list_display = ["occurred_at", "actor_username", "actor_office", "action", "object_repr"]
    list_filter = ["action", "actor_office"]
    search_fields = ["actor_username", "object_repr", "object_id", "request_id"]
    date_hierarchy = "occurred_at"
    list_select_related = ["actor_office"]

    def get_queryset(self, request):
        return super().get_queryset(request).restrict(request.user, "view")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
