import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from pmi_portal.audit.models import AuditAction, AuditEvent


class AuditEventFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(choices=AuditAction.choices, label=_("Action"))
    actor = django_filters.CharFilter(
        field_name="actor_username", lookup_expr="icontains", label=_("Username")
    )
    record = django_filters.CharFilter(
        field_name="object_repr", lookup_expr="icontains", label=_("Record")
    )
    since = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="occurred_at",
        lookup_expr="date__lte",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditEvent
        fields = ["action", "actor", "record", "since", "until"]
