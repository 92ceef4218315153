from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django_filters.views import FilterView

from pmi_portal.access.scoping import ScopedViewMixin
from pmi_portal.audit.filters import AuditEventFilter
from pmi_portal.audit.models import AuditEvent


class AuditEventListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedViewMixin, FilterView):
    """The trail of the user's scope: heads see their office's, national roles everything."""

    model = AuditEvent
    permission_required = "audit.view_auditevent"
    filterset_class = AuditEventFilter
    template_name = "audit/event_list.html"
    paginate_by = 50
    queryset = AuditEvent.objects.select_related("actor_office", "content_type", "regency")
