"""/api/v1/cases/: the cases in the user's scope, for other systems (read only for now)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from cases.models import Case
from pmi_portal.api.viewsets import ScopedReadOnlyModelViewSet

CASE_HELP = {
    "id": _("The case's id in the portal."),
    "reference": _("The case's reference, e.g. KSS-2026-000123."),
    "case_type": _("What the case is about (non_procedural, trafficking, ...)."),
    "source": _("Where the report came from (counter, hotline, public_report, ...)."),
    "state": _("Where the case stands; changed only through the portal's moves."),
    "state_changed_at": _("Since when the case is in this state."),
    "due_at": _("When the case must leave its state; null when it has no deadline."),
    "created_at": _("When the case was opened (ISO 8601, with offset)."),
    "version": _("The version read."),
}


class CaseSerializer(serializers.ModelSerializer):
    """A case without its parties: names and the report's text stay on the case page."""

    regency = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text=_("Kemendagri code of the regency that routed the case."),
    )
    office = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the office handling the case.")
    )

    class Meta:
        model = Case
        fields = ["id", "reference", "case_type", "source", "state", "state_changed_at",
                  "due_at", "regency", "office", "created_at", "version"]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {name: {"help_text": text} for name, text in CASE_HELP.items()}


@extend_schema_view(
    list=extend_schema(summary=_("Cases in your scope")),
    retrieve=extend_schema(summary=_("A case")),
)
class CaseViewSet(ScopedReadOnlyModelViewSet):
    queryset = Case.objects.select_related("regency", "office")
    serializer_class = CaseSerializer
    filterset_fields = ["state", "case_type", "source", "office", "regency"]
    ordering_fields = ["created_at", "due_at"]
    ordering = ["-created_at", "-id"]
