from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.translation import get_language
from django_filters.views import FilterView

from pmi_portal.access.scoping import ScopedViewMixin
from pmi_portal.audit.filters import AuditEventFilter
from pmi_portal.audit.models import AuditAction, AuditEvent
from pmi_portal.audit.templatetags.audit_rows import rows_of
from pmi_portal.web.keyset import keyset_page

PAGE_SIZE = 50

# The filter form with no filter applied, as crispy renders it, per language: the same for
# every user, and rendering its five fields cost more than the page's 50 rows.
_EMPTY_FILTER_FIELDS: dict[str, str] = {}


class AuditEventListView(LoginRequiredMixin, PermissionRequiredMixin, ScopedViewMixin, FilterView):
    """The trail of the user's scope: heads see their office's, national roles everything.
    Paged by time (keyset): no count of a trail that only grows."""

    model = AuditEvent
    permission_required = "audit.view_auditevent"
    filterset_class = AuditEventFilter
    template_name = "audit/event_list.html"
    # What a row shows, and no more: each column and joined row read costs Python per row.
    queryset = AuditEvent.objects.select_related("actor_office").only(
        "occurred_at",
        "action",
        "actor_username",
        "actor_office__name",
        "content_type_id",
        "object_repr",
        "changes",
        "ip_address",
    )

    def get_context_data(self, **kwargs):
        listed = kwargs["object_list"]
        # The page's positions alone: the rows kept (audit_rows) need nothing else, and the
        # events of the others are read in one go.
        page = keyset_page(
            listed.select_related(None).only("occurred_at"),
            field="occurred_at",
            params=self.request.GET,
            size=PAGE_SIZE,
        )
        return super().get_context_data(
            **{
                **kwargs,
                "object_list": page.rows,
                "rows": rows_of(
                    page.rows,
                    lambda pks: events_for_display(list(listed.filter(pk__in=pks))),
                ),
                "keyset": page,
                "filter_fields": filter_fields(kwargs["filter"]),
            }
        )


def filter_fields(filterset) -> str:
    """The filter form's fields; rendered once per process and language while none is used."""
    if any(filterset.data.get(name) for name in filterset.filters):
        return render_to_string("audit/_filters.html", {"filter": filterset})
    language = get_language()
    if language not in _EMPTY_FILTER_FIELDS:
        _EMPTY_FILTER_FIELDS[language] = render_to_string(
            "audit/_filters.html", {"filter": filterset}
        )
    return _EMPTY_FILTER_FIELDS[language]


def events_for_display(events: list[AuditEvent]) -> list[AuditEvent]:
    """Give each event what its row shows, each label translated and each day formatted once a
    page rather than once a row: `when` (as the date filter writes "j M Y H:i:s T" in the
    active time zone), `action_label` and `type_name` (the record's type)."""
    actions = {value: str(label) for value, label in AuditAction.choices}
    days: dict = {}
    type_names: dict = {}
    for event in events:
        moment = timezone.localtime(event.occurred_at)
        day = days.get(moment.date())
        if day is None:
            day = days[moment.date()] = dateformat.format(moment, "j M Y")
        event.when = f"{day} {moment:%H:%M:%S} {moment.tzname()}"
        event.action_label = actions.get(event.action, event.action)
        if event.content_type_id is not None:
            if event.content_type_id not in type_names:
                content_type = ContentType.objects.get_for_id(event.content_type_id)
                type_names[event.content_type_id] = content_type.name
            event.type_name = type_names[event.content_type_id]
        else:
            event.type_name = ""
    return events
