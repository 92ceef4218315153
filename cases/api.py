"""/api/v1/cases/: the cases in the user's scope for other systems: list, detail with notes,
staff intake, moves and notes, through the same services as the case pages;
/api/v1/reports/: the public report form and its status by receipt code, for apps (no login).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from cases import services, throttle
from cases.models import STAFF_SOURCES, Case, CaseNote, CaseType, State
from cases.receipts import receipt_display
from cases.selectors import public_timeline
from cases.states import MACHINE
from placements.models import Agency
from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.api.serializers import StrictSerializer
from pmi_portal.api.viewsets import ScopedGenericViewSet
from pmi_portal.identity.rules import nik_structure_errors, normalize_phone
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
        allow_null=True,
        help_text=_("Kemendagri code of the regency that routed the case; null when unknown."),
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


class CaseNoteSerializer(serializers.ModelSerializer):
    author = serializers.SlugRelatedField(
        slug_field="username",
        read_only=True,
        help_text=_("Username of the officer who wrote it; null when the reporter added it."),
    )

    class Meta:
        model = CaseNote
        fields = ["id", "text", "author", "from_reporter", "created_at"]
        read_only_fields = fields
        extra_kwargs = {
            "id": {"help_text": _("The note's id.")},
            "text": {"help_text": _("The note's text.")},
            "from_reporter": {"help_text": _("True when the public reporter added it.")},
            "created_at": {"help_text": _("When it was written.")},
        }


class CaseDetailSerializer(CaseSerializer):
    """A case with what happened and its notes, oldest first; the parties stay on its page."""

    notes = CaseNoteSerializer(many=True, read_only=True, help_text=_("The case's notes."))

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "description", "notes"]
        read_only_fields = fields
        extra_kwargs = {
            **CaseSerializer.Meta.extra_kwargs,
            "description": {"help_text": _("What happened, as reported.")},
        }


# Where an error of the victim's person record is reported in the intake's flat body.
_VICTIM_FIELDS = {"nik": "victim_nik", "full_name": "victim_name", "phone": "victim_phone"}


def _phone(value: str) -> str:
    try:
        return normalize_phone(value)
    except DjangoValidationError as error:
        raise ValidationError(error.messages, code=error.code) from None


class CaseCreateSerializer(StrictSerializer):
    """Staff intake: the fields of the intake form of the case pages."""

    case_type = serializers.ChoiceField(choices=CaseType.choices, help_text=CASE_HELP["case_type"])
    source = serializers.ChoiceField(
        choices=STAFF_SOURCES,
        help_text=_("Where the report came from; public reports use /api/v1/reports/."),
    )
    description = serializers.CharField(
        max_length=8000, help_text=_("What happened: who, where, when.")
    )
    regency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regency.objects.all(),
        required=False,
        help_text=_(
            "Kemendagri code of the regency where it happened or of the victim's home: it "
            "decides the office. Without it the case stays with your regional office."
        ),
    )
    country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        required=False,
        help_text=_("ISO 3166-1 alpha-2 code of the country abroad, if any."),
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the placement agency (P3MI) involved, if any."),
    )
    victim_nik = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text=_("The victim's NIK.")
    )
    victim_name = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text=_("The victim's name.")
    )
    victim_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text=_("The victim's phone.")
    )
    recruiter_name = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        help_text=_("Name of the recruiter (calo/sponsor), if known."),
    )
    recruiter_phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, help_text=_("The recruiter's phone.")
    )

    def validate_victim_nik(self, value: str) -> str:
        value = "".join(value.split())
        # Named at its field at once; the service checks the whole record again.
        errors = nik_structure_errors(value) if value else {}
        if errors:
            raise ValidationError(errors["nik"].messages, code=errors["nik"].code)
        return value

    def validate_victim_phone(self, value: str) -> str:
        return _phone(value)

    def validate_recruiter_phone(self, value: str) -> str:
        return _phone(value)

    def validate(self, attrs):
        if attrs.get("recruiter_phone") and not attrs.get("recruiter_name", "").strip():
            raise ValidationError(
                {"recruiter_name": [_("Give the person's name.")]}, code="required"
            )
        return attrs


class CaseTransitionSerializer(StrictSerializer):
    to_state = serializers.ChoiceField(choices=State.choices, help_text=_("The state to move to."))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text=_("Why: needed to reject, merge, resolve (the outcome) or reopen a case."),
    )
    version = serializers.IntegerField(
        help_text=_("The case's version you read; a stale one is refused with code stale.")
    )
    duplicate_of = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=_("Only when merging: the reference of the case this one duplicates."),
    )


class CaseNoteCreateSerializer(StrictSerializer):
    text = serializers.CharField(max_length=4000, help_text=_("The note's text."))


def _service_call(call, **kwargs):
    """Run a service; its ValidationError becomes the API's 400 with a message per field."""
    try:
        return call(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(serializers.as_serializer_error(error)) from None


def _intake_errors(error: DjangoValidationError) -> dict:
    """The intake's errors, those of the victim's person record at the victim's fields."""
    errors = serializers.as_serializer_error(error)
    return {_VICTIM_FIELDS.get(name, name): detail for name, detail in errors.items()}


@extend_schema_view(
    list=extend_schema(summary=_("Cases in your scope")),
    retrieve=extend_schema(summary=_("A case, with what happened and its notes")),
)
@extend_validation_errors(
    ["invalid", "nik_length", "nik_birth_date", "nik_serial", "nik_province", "nik_regency",
     "nik_taken"],
    field_name="victim_nik",
    actions=["create"],
)  # fmt: skip
@extend_validation_errors(["required"], field_name="victim_name", actions=["create"])
@extend_validation_errors(["phone_invalid"], field_name="victim_phone", actions=["create"])
@extend_validation_errors(["required"], field_name="recruiter_name", actions=["create"])
@extend_validation_errors(["phone_invalid"], field_name="recruiter_phone", actions=["create"])
@extend_validation_errors(["required", "blank"], field_name="description", actions=["create"])
@extend_validation_errors(
    ["duplicate_required", "duplicate_of_itself", "duplicate_not_found", "duplicate_merged"],
    field_name="duplicate_of",
    actions=["transition"],
)
@extend_validation_errors(
    ["transition_refused", "stale"], field_name="non_field_errors", actions=["transition"]
)
@extend_validation_errors(["required", "blank"], field_name="text", actions=["notes"])
class CaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = Case.objects.select_related("regency", "office")
    filterset_fields = ["state", "case_type", "source", "office", "regency"]
    ordering_fields = ["created_at", "due_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("notes__author")
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return CaseDetailSerializer
        if self.action == "create":
            return CaseCreateSerializer
        return CaseSerializer

    def _detail(self, case: Case, status_code: int = status.HTTP_200_OK) -> Response:
        case = (
            Case.objects.select_related("regency", "office")
            .prefetch_related("notes__author")
            .get(pk=case.pk)
        )
        return Response(CaseDetailSerializer(case).data, status=status_code)

    @extend_schema(
        summary=_("Open a case (staff intake)"),
        description=_(
            "Routed to the office covering `regency`. The answer is the case as opened; a case "
            "routed to another office is not in your scope afterwards."
        ),
        request=CaseCreateSerializer,
        responses={201: CaseDetailSerializer},
    )
    def create(self, request):
        payload = CaseCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            case = services.case_open(
                actor=request.user,
                fields={
                    "case_type": data["case_type"],
                    "source": data["source"],
                    "description": data["description"],
                    "regency": data.get("regency"),
                    "country": data.get("country"),
                },
                victim={
                    "nik": data.get("victim_nik", ""),
                    "full_name": data.get("victim_name", ""),
                    "phone": data.get("victim_phone", ""),
                    "home_regency": data.get("regency"),
                },
                recruiter={
                    "full_name": data.get("recruiter_name", ""),
                    "phone": data.get("recruiter_phone", ""),
                },
                agency=data.get("agency"),
            )
        except DjangoValidationError as error:
            raise ValidationError(_intake_errors(error)) from None
        return self._detail(case, status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Move a case to another state"),
        description=_(
            "Send the version you read: if someone changed the case since, the move is refused "
            "with code stale and nothing is changed."
        ),
        request=CaseTransitionSerializer,
        responses={200: CaseDetailSerializer},
    )
    @action(detail=True, methods=["post"], scope_action="change")
    def transition(self, request, pk=None):
        case = self.get_object()
        payload = CaseTransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        duplicate_of = None
        reference = data.get("duplicate_of", "").strip().upper()
        if reference:
            # Any case of that reference: the service answers alike for one outside the scope.
            duplicate_of = Case.objects.filter(reference=reference).first()
            if duplicate_of is None:
                message = _("No case with this reference.")
                raise ValidationError({"duplicate_of": [message]}, code="duplicate_not_found")
        case = _service_call(
            services.case_transition,
            actor=request.user,
            case=case,
            to_state=data["to_state"],
            reason=data.get("reason", ""),
            expected_version=data["version"],
            duplicate_of=duplicate_of,
        )
        return self._detail(case)

    @extend_schema(
        summary=_("Add a note to a case"),
        request=CaseNoteCreateSerializer,
        responses={201: CaseNoteSerializer},
    )
    @action(detail=True, methods=["post"], scope_action="change")
    def notes(self, request, pk=None):
        case = self.get_object()
        payload = CaseNoteCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        note = _service_call(
            services.case_note_add,
            actor=request.user,
            case=case,
            text=payload.validated_data["text"],
        )
        return Response(CaseNoteSerializer(note).data, status=status.HTTP_201_CREATED)


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
