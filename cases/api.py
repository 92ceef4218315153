"""/api/v1/cases/: the cases in the user's scope, for other systems (read only for now);
/api/v1/reports/: the public report form and its status by receipt code, for apps (no login).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from cases import services, throttle
from cases.models import Case, CaseType
from cases.receipts import receipt_display
from cases.selectors import public_timeline
from cases.states import MACHINE
from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.api.serializers import StrictSerializer
from pmi_portal.api.viewsets import ScopedReadOnlyModelViewSet
from pmi_portal.offices.models import Country, Regency

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


class PublicReportThrottle(BaseThrottle):
    """The limit per address of the public pages (cases.throttle), for their API twins."""

    def allow_request(self, request, view) -> bool:
        scope = "submit" if request.method == "POST" else "lookup"
        return not throttle.over_limit(request._request, scope)


class PublicReportSerializer(StrictSerializer):
    case_type = serializers.ChoiceField(
        choices=CaseType.choices, help_text=_("What the report is about.")
    )
    description = serializers.CharField(
        max_length=8000, help_text=_("What happened: who, where, when.")
    )
    regency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regency.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Kemendagri code of the regency where it happened or of the worker's home."),
    )
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("ISO 3166-1 alpha-2 code of the country abroad, if any."),
    )
    anonymous = serializers.BooleanField(
        default=True, help_text=_("True: no contact is kept. False: give a contact.")
    )
    contact = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        help_text=_("Phone or e-mail of the reporter, only when not anonymous."),
    )


class ReceiptSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text=CASE_HELP["reference"])
    receipt = serializers.CharField(
        help_text=_("The receipt code to follow the report: shown this once, never again.")
    )


class PublicTimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text=_("When it happened."))
    label = serializers.CharField(help_text=_("What happened, in the reader's language."))


class PublicStatusSerializer(serializers.Serializer):
    reference = serializers.CharField(help_text=CASE_HELP["reference"])
    state = serializers.CharField(help_text=CASE_HELP["state"])
    state_label = serializers.CharField(help_text=_("The state, in the reader's language."))
    timeline = PublicTimelineEntrySerializer(many=True, help_text=_("The report's steps."))


class PublicReportViewSet(viewsets.ViewSet):
    """Twins of /lapor/ and /lapor/status/<receipt>/ for apps: the same service and limits."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [PublicReportThrottle]
    lookup_field = "receipt"
    lookup_value_regex = "[^/]+"

    @extend_schema(
        summary=_("Report illegal placement or trafficking (public, no login)"),
        description=_(
            "Anonymous unless `anonymous` is false. No address of the caller is kept. The "
            "answer holds the receipt code, shown once."
        ),
        request=PublicReportSerializer,
        responses={201: ReceiptSerializer},
        auth=[],
    )
    def create(self, request):
        payload = PublicReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            case, receipt = services.public_report_submit(
                case_type=data["case_type"],
                description=data["description"],
                regency_id=data["regency"].pk if data.get("regency") else None,
                country_id=data["country"].pk if data.get("country") else None,
                anonymous=data["anonymous"],
                contact=data.get("contact", ""),
            )
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from None
        body = {"reference": case.reference, "receipt": receipt_display(receipt)}
        return Response(ReceiptSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Follow a report with its receipt code (public, no login)"),
        responses={200: PublicStatusSerializer},
        auth=[],
    )
    def retrieve(self, request, receipt: str):
        try:
            case = services.public_report_by_receipt(receipt).case
        except NotFoundOrNotYours:
            raise NotFound from None
        body = {
            "reference": case.reference,
            "state": case.state,
            "state_label": MACHINE.label(case.state),
            "timeline": [{"at": at, "label": label} for at, label in public_timeline(case)],
        }
        return Response(PublicStatusSerializer(body).data)
