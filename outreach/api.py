"""`/api/v1/outreach/`: the outreach activities of the caller's scope; record one."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from outreach import services
from outreach.models import Activity, Kind
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
