"""`/api/v1/outreach/` and `/api/v1/programmes/`: the outreach activities and empowerment
programmes of the caller's scope; record one; add a programme's participants."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from outreach import services
from outreach.models import Activity, Kind, Programme, ProgrammeKind, Relation
from pmi_portal.api.serializers import StrictSerializer
from pmi_portal.api.viewsets import ScopedGenericViewSet
from pmi_portal.offices.models import Regency

HELP = {
    "id": _("The activity's id."),
    "held_on": _("The day it was held."),
    "kind": _("What kind of outreach it was."),
    "online": _("True when it was held online (no regency then)."),
    "regency": _("Kemendagri code of the regency or city where it was held, in the office's area."),
    "place": _("The village (desa/kelurahan) or district (kecamatan)."),
    "partner": _("The partner institution, if any."),
    "audience": _("Who came: village heads, pupils, Babinsa, listeners..."),
    "attendance": _("How many people attended (or watched, online)."),
    "topics": _("What was talked about."),
    "office": _("Code of the office that held it."),
    "created_at": _("When it was recorded."),
    "version": _("Changes with each edit."),
}


class ActivitySerializer(serializers.ModelSerializer):
    regency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=HELP["regency"]
    )
    office = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=HELP["office"]
    )

    class Meta:
        model = Activity
        fields = list(HELP)
        read_only_fields = fields
        extra_kwargs = {name: {"help_text": text} for name, text in HELP.items()}


class ActivityWriteSerializer(StrictSerializer):
    held_on = serializers.DateField(help_text=HELP["held_on"])
    kind = serializers.ChoiceField(choices=Kind.choices, help_text=HELP["kind"])
    online = serializers.BooleanField(default=False, help_text=HELP["online"])
    regency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regency.objects.all(),
        required=False,
        allow_null=True,
        help_text=HELP["regency"],
    )
    place = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=HELP["place"]
    )
    partner = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=HELP["partner"]
    )
    audience = serializers.CharField(max_length=200, help_text=HELP["audience"])
    attendance = serializers.IntegerField(
        min_value=0, max_value=2_000_000_000, help_text=HELP["attendance"]
    )
    topics = serializers.CharField(max_length=4000, help_text=HELP["topics"])


@extend_schema_view(
    list=extend_schema(summary=_("Outreach activities in your scope")),
    retrieve=extend_schema(summary=_("An outreach activity")),
    create=extend_schema(
        summary=_("Record an outreach activity of your office"),
        request=ActivityWriteSerializer,
        responses={201: ActivitySerializer},
    ),
)
@extend_validation_errors(["future", "too_old"], field_name="held_on", actions=["create"])
@extend_validation_errors(["required", "outside_area"], field_name="regency", actions=["create"])
@extend_validation_errors(["required"], field_name="audience", actions=["create"])
@extend_validation_errors(["required"], field_name="topics", actions=["create"])
class ActivityViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = Activity.objects.select_related("regency", "office")
    serializer_class = ActivitySerializer
    filterset_fields = ["kind", "regency", "office"]
    ordering_fields = ["held_on", "attendance"]
    ordering = ["-held_on", "-id"]

    def create(self, request, *args, **kwargs):
        payload = ActivityWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            activity = services.activity_record(actor=request.user, fields=payload.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from None
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)


PROGRAMME_HELP = {
    "id": _("The programme's id."),
    "kind": _("Training, business support or a language course."),
    "title": _("The programme's title."),
    "partner": _("The partner institution, e.g. a vocational training centre."),
    "regency": _("Kemendagri code of the regency or city where it is held, in the office's area."),
    "starts_on": _("The day it starts."),
    "ends_on": _("The day it ends, if known."),
    "description": _("What it offers."),
    "office": _("Code of the office that runs it."),
    "participants": _("How many people take part."),
    "created_at": _("When it was recorded."),
}


class ProgrammeSerializer(serializers.ModelSerializer):
    regency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=PROGRAMME_HELP["regency"]
    )
    office = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=PROGRAMME_HELP["office"]
    )
    participants = serializers.IntegerField(
        source="participant_count", read_only=True, help_text=PROGRAMME_HELP["participants"]
    )

    class Meta:
        model = Programme
        fields = list(PROGRAMME_HELP)
        read_only_fields = fields
        extra_kwargs = {name: {"help_text": text} for name, text in PROGRAMME_HELP.items()}


class ProgrammeWriteSerializer(StrictSerializer):
    kind = serializers.ChoiceField(choices=ProgrammeKind.choices, help_text=PROGRAMME_HELP["kind"])
    title = serializers.CharField(max_length=200, help_text=PROGRAMME_HELP["title"])
    partner = serializers.CharField(
        max_length=200, required=False, allow_blank=True, help_text=PROGRAMME_HELP["partner"]
    )
    regency = serializers.SlugRelatedField(
        slug_field="code", queryset=Regency.objects.all(), help_text=PROGRAMME_HELP["regency"]
    )
    starts_on = serializers.DateField(help_text=PROGRAMME_HELP["starts_on"])
    ends_on = serializers.DateField(
        required=False, allow_null=True, help_text=PROGRAMME_HELP["ends_on"]
    )
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, help_text=PROGRAMME_HELP["description"]
    )


class ParticipantWriteSerializer(StrictSerializer):
    nik = serializers.CharField(
        max_length=20, help_text=_("The NIK of a person of your area (registered already).")
    )
    relation = serializers.ChoiceField(
        choices=Relation.choices, help_text=_("Returned worker or family member.")
    )


class ParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The participation's id."))
    person = serializers.IntegerField(source="person_id", help_text=_("The person's id."))
    relation = serializers.CharField(help_text=_("Returned worker or family member."))
    added_at = serializers.DateTimeField(help_text=_("When the person was added."))


@extend_schema_view(
    list=extend_schema(summary=_("Empowerment programmes in your scope")),
    retrieve=extend_schema(summary=_("An empowerment programme")),
    create=extend_schema(
        summary=_("Record an empowerment programme of your office"),
        request=ProgrammeWriteSerializer,
        responses={201: ProgrammeSerializer},
    ),
)
@extend_validation_errors(["outside_area"], field_name="regency", actions=["create"])
@extend_validation_errors(["ends_before_start"], field_name="ends_on", actions=["create"])
@extend_validation_errors(["required"], field_name="title", actions=["create"])
@extend_validation_errors(
    ["not_found", "already_taking_part"], field_name="nik", actions=["participants"]
)
class ProgrammeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = Programme.objects.select_related("regency", "office").annotate(
        participant_count=Count("participants")
    )
    serializer_class = ProgrammeSerializer
    filterset_fields = ["kind", "regency", "office"]
    ordering_fields = ["starts_on"]
    ordering = ["-starts_on", "-id"]

    def create(self, request, *args, **kwargs):
        payload = ProgrammeWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            programme = services.programme_record(actor=request.user, fields=payload.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from None
        programme = self.queryset.get(pk=programme.pk)
        return Response(ProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Add a participant to a programme, by NIK"),
        request=ParticipantWriteSerializer,
        responses={201: ParticipantSerializer},
    )
    @action(detail=True, methods=["post"], scope_action="change")
    def participants(self, request, pk=None):
        programme = self.get_object()
        payload = ParticipantWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            participant = services.participant_add(
                actor=request.user, programme=programme, **payload.validated_data
            )
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from None
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)
