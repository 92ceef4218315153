from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django_filters.views import FilterView

from pmi_portal.access.scoping import ScopedViewMixin
from pmi_portal.audit.filters import AuditEventFilter
from pmi_portal.audit.models import AuditEvent
from pmi_portal.web.keyset import keyset_page

PAGE_SIZE = 50


class AuditEventListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedViewMixin, FilterView):
    """The trail of the user's scope: heads see their office's, national roles everything.
    Paged by time (keyset): no count of a trail that only grows."""

    model = AuditEvent
    permission_required = "audit.view_auditevent"
    filterset_class = AuditEventFilter
    template_name = "audit/event_list.html"
    queryset = AuditEvent.objects.select_related("actor_office", "content_type", "regency")

    def get_context_data(self, **kwargs):
        page = keyset_page(
            kwargs["object_list"], field="occurred_at", params=self.request.GET, size=PAGE_SIZE
        )
        return super().get_context_data(**{**kwargs, "object_list": page.rows, "keyset": page})
