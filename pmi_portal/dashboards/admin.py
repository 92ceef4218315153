from django.contrib import admin

from pmi_portal.audit.admin_mixins import AuditedModelAdmin
from pmi_portal.dashboards.models import Target


@admin.register(Target)
class TargetAdmin(AuditedModelAdmin, admin.ModelAdmin):
    """Administrators set each year's placements target, nationally and per office."""

    list_display = ["year", "office", "placements"]
    list_filter = ["year"]
    list_select_related = ["office"]
    fields = ["year", "office", "placements"]
