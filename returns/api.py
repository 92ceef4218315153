"""/api/v1/arrivals/ and /api/v1/interceptions/: the return post's work for other systems.

The same services, rules and office scope as the pages; people are shown masked in lists.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import mixins, parsers, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from placements.models import Agency
from pmi_portal.api.filters import StrictFilterSet
from pmi_portal.api.serializers import StrictSerializer
from pmi_portal.api.viewsets import ScopedGenericViewSet
from pmi_portal.identity.masking import mask_nik, mask_passport
from pmi_portal.identity.mrz import ERROR_CODES as MRZ_ERROR_CODES
from pmi_portal.offices.models import Country, Regency
from pmi_portal.people.models import Sex
from returns import manifest, services
from returns.models import Arrival, Category, Interception, Trouble


def _service_call(call, **kwargs):
    try:
        return call(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(serializers.as_serializer_error(error)) from None


class PersonBriefSerializer(serializers.Serializer):
    """The person of a record, identity numbers masked."""

    id = serializers.IntegerField(help_text=_("The person's id."))
    full_name = serializers.CharField(help_text=_("Full name."))
    nik = serializers.SerializerMethodField(help_text=_("The NIK, masked; empty when not known."))
    passport_number = serializers.SerializerMethodField(help_text=_("Masked passport number."))

    def get_nik(self, person) -> str:
        return mask_nik(person.nik)

    def get_passport_number(self, person) -> str:
        return mask_passport(person.passport_number)


class ReturneeWriteSerializer(StrictSerializer):
    """Who the person is, as far as the papers in hand say: at least a NIK or a passport."""

    nik = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text=_("The 16-digit NIK, if known.")
    )
    passport_number = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text=_("Passport number.")
    )
    passport_expiry = serializers.DateField(
        required=False, allow_null=True, help_text=_("Passport valid until (YYYY-MM-DD).")
    )
    full_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=150,
        help_text=_("Full name; needed for a person not yet known."),
    )
    sex = serializers.ChoiceField(
        choices=Sex.choices, required=False, allow_blank=True, help_text=_("M or F.")
    )
    birth_date = serializers.DateField(
        required=False, allow_null=True, help_text=_("Date of birth (YYYY-MM-DD).")
    )
    home_regency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regency.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Kemendagri code of the home regency; decides the receiving office."),
    )

    PERSON = (
        "nik",
        "passport_number",
        "passport_expiry",
        "full_name",
        "sex",
        "birth_date",
        "home_regency",
    )

    def validate(self, attrs):
        if attrs.get("mrz"):
            zone = services.person_fields_from_mrz(attrs.pop("mrz"))
            attrs = zone | {name: value for name, value in attrs.items() if value}
        if not attrs.get("nik") and not attrs.get("passport_number"):
            raise ValidationError(
                {"nik": [_("Give the NIK or the passport number.")]}, code="identity_required"
            )
        return attrs

    def split(self) -> tuple[dict, dict]:
        data = {name: value for name, value in self.validated_data.items() if name != "mrz"}
        person = {name: data.pop(name) for name in self.PERSON if name in data}
        return person, data


class ArrivalWriteSerializer(ReturneeWriteSerializer):
    mrz = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("The passport's two MRZ lines (TD3), instead of or beside the fields."),
    )
    flight_number = serializers.CharField(max_length=10, help_text=_("Flight number, e.g. QZ7511."))
    arrived_at = serializers.DateTimeField(help_text=_("When the flight landed (ISO 8601)."))
    terminal = serializers.CharField(
        required=False, allow_blank=True, max_length=10, help_text=_("Terminal.")
    )
    from_country = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        help_text=_("ISO 3166-1 alpha-2 code of the country the person comes from."),
    )
    category = serializers.ChoiceField(
        choices=Category.choices, help_text=_("regular or troubled.")
    )
    troubles = serializers.ListField(
        child=serializers.ChoiceField(choices=Trouble.choices),
        required=False,
        help_text=_("For a troubled return: one or more trouble codes."),
    )
    cause_of_death = serializers.CharField(
        required=False, allow_blank=True, max_length=300, help_text=_("Cause of death as reported.")
    )
    remains_transport = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text=_("Cargo and ambulance arrangements."),
    )
    family_contacted = serializers.BooleanField(required=False, help_text=_("Family contacted."))
    notes = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=_("Notes.")
    )


ARRIVAL_HELP = {
    "id": _("The arrival's id."),
    "flight_number": _("Flight number."),
    "arrived_at": _("When the flight landed."),
    "terminal": _("Terminal."),
    "category": _("regular or troubled."),
    "cause_of_death": _("Cause of death as reported."),
    "remains_transport": _("Cargo and ambulance arrangements."),
    "family_contacted": _("Whether the family was contacted."),
    "no_placement_on_record": _("No placement of the person on record: likely non-procedural."),
    "handover": _("awaiting, in_transit or received."),
    "due_at": _("When the handover is due; past it, overdue."),
    "transport_by": _("Who takes the person home."),
    "transport_to": _("Where the person is taken."),
    "transport_departs_at": _("When they leave."),
    "received_on": _("The day the home office received the person."),
    "receipt_note": _("Note of receipt."),
    "version": _("The version read; changes send it back."),
    "intercepted_at": _("When the departure was stopped."),
    "agency": _("Id of the P3MI agency involved."),
    "recruiter": _("The recruiter (calo/sponsor) involved."),
    "account": _("What happened."),
    "created_at": _("When it was recorded."),
}


def _described(fields: list[str]) -> dict:
    return {name: {"help_text": ARRIVAL_HELP[name]} for name in fields if name in ARRIVAL_HELP}


class ArrivalSerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True, help_text=_("The returnee."))
    from_country = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Country the person comes from.")
    )
    regency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Home regency, if known.")
    )
    office = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the receiving office.")
    )
    post = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the post that logged it.")
    )
    troubles = serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=_("Trouble codes.")
    )

    class Meta:
        model = Arrival
        fields = [
            "id",
            "person",
            "flight_number",
            "arrived_at",
            "terminal",
            "from_country",
            "category",
            "troubles",
            "cause_of_death",
            "remains_transport",
            "family_contacted",
            "no_placement_on_record",
            "regency",
            "office",
            "post",
            "handover",
            "due_at",
            "transport_by",
            "transport_to",
            "transport_departs_at",
            "received_on",
            "receipt_note",
            "version",
        ]
        read_only_fields = fields
        extra_kwargs = _described(fields)


class ReceiveSerializer(StrictSerializer):
    received_on = serializers.DateField(help_text=_("The day the home office received the person."))
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=500, help_text=_("Note of receipt.")
    )
    version = serializers.IntegerField(help_text=_("The arrival's version you read."))


class TransportSerializer(StrictSerializer):
    by = serializers.CharField(max_length=150, help_text=_("Who takes the person home."))
    to = serializers.CharField(max_length=200, help_text=_("Where the person is taken."))
    departs_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text=_("When they leave.")
    )
    version = serializers.IntegerField(help_text=_("The arrival's version you read."))


class ManifestUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The manifest, CSV or XLSX, at most 10 MB."))
    commit = serializers.BooleanField(
        required=False, default=False, help_text=_("false: check only; true: save the good rows.")
    )


class RowProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_("Data row, from 1 (the row after the header)."))
    column = serializers.CharField(help_text=_("The column at fault."))
    message = serializers.CharField(help_text=_("What is wrong."))


class ImportResultSerializer(serializers.Serializer):
    created = serializers.IntegerField(help_text=_("Arrivals new (or that would be, unsaved)."))
    updated = serializers.IntegerField(help_text=_("Arrivals already there, changed."))
    unchanged = serializers.IntegerField(help_text=_("Arrivals already there, the same."))
    errors = RowProblemSerializer(many=True, help_text=_("Rows refused, with why."))
    committed = serializers.BooleanField(help_text=_("Whether the good rows were saved."))


class ArrivalFilterSet(StrictFilterSet):
    # A choice, not django-filter's boolean, which reads any other word as "no filter".
    non_procedural = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_non_procedural",
        help_text=_("true: only people with no placement on record."),
    )

    class Meta:
        model = Arrival
        fields = ["category", "handover", "office", "post", "regency", "from_country"]

    def filter_non_procedural(self, queryset, name, value):
        return queryset.filter(no_placement_on_record=value == "true")


_WRITE_ACTIONS = ["create"]
# The codes of a NIK refused when a returnee is logged (identity rules and people.services).
_NIK_CODES = ["invalid", "identity_required", "nik_length", "nik_birth_date", "nik_serial",
              "nik_province", "nik_regency", "nik_taken", "nik_fixed"]  # fmt: skip


@extend_schema_view(
    list=extend_schema(summary=_("Arrivals in your scope")),
    retrieve=extend_schema(summary=_("An arrival")),
    create=extend_schema(
        summary=_("Log an arrival"),
        request=ArrivalWriteSerializer,
        responses={201: ArrivalSerializer},
    ),
)
@extend_validation_errors(_NIK_CODES, field_name="nik", actions=_WRITE_ACTIONS)
@extend_validation_errors(
    ["required", "category_mismatch"], field_name="category", actions=_WRITE_ACTIONS
)
@extend_validation_errors(["required", "invalid"], field_name="troubles", actions=_WRITE_ACTIONS)
@extend_validation_errors(["required"], field_name="cause_of_death", actions=_WRITE_ACTIONS)
@extend_validation_errors(list(MRZ_ERROR_CODES), field_name="mrz", actions=_WRITE_ACTIONS)
@extend_validation_errors(["future"], field_name="arrived_at", actions=_WRITE_ACTIONS)
@extend_validation_errors(["required"], field_name="full_name", actions=_WRITE_ACTIONS)
@extend_validation_errors(["nik_sex_mismatch"], field_name="sex", actions=_WRITE_ACTIONS)
@extend_validation_errors(
    ["nik_birth_date_mismatch"], field_name="birth_date", actions=_WRITE_ACTIONS
)
@extend_validation_errors(
    ["passport_invalid", "passport_number_missing"],
    field_name="passport_number",
    actions=_WRITE_ACTIONS,
)
@extend_validation_errors(
    ["required", "not_receiving_office", "future", "before_arrival"],
    field_name="received_on",
    actions=["receive"],
)
@extend_validation_errors(["required"], field_name="by", actions=["transport"])
@extend_validation_errors(["required"], field_name="to", actions=["transport"])
@extend_validation_errors(
    ["transition_refused", "stale"], field_name="non_field_errors", actions=["receive", "transport"]
)
@extend_validation_errors(
    ["too_big", "unreadable", "empty", "missing_columns", "too_many_rows"],
    field_name="file",
    actions=["manifest"],
)
class ArrivalViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = Arrival.objects.select_related("person", "from_country", "regency", "office", "post")
    serializer_class = ArrivalSerializer
    filterset_class = ArrivalFilterSet
    ordering_fields = ["arrived_at", "due_at"]
    ordering = ["-arrived_at", "-id"]

    def create(self, request, *args, **kwargs):
        payload = ArrivalWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person_fields, arrival_fields = payload.split()
        arrival = _service_call(
            services.arrival_log,
            actor=request.user,
            person_fields=person_fields,
            arrival_fields=arrival_fields,
        )
        return Response(ArrivalSerializer(arrival).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("Confirm receipt of the person (serah terima)"),
        request=ReceiveSerializer,
        responses={200: ArrivalSerializer},
    )
    @action(detail=True, methods=["post"], scope_action="change")
    def receive(self, request, pk=None):
        arrival = self.get_object()
        payload = ReceiveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        arrival = _service_call(
            services.arrival_receive,
            actor=request.user,
            arrival=arrival,
            received_on=payload.validated_data["received_on"],
            note=payload.validated_data.get("note", ""),
            expected_version=payload.validated_data["version"],
        )
        return Response(ArrivalSerializer(arrival).data)

    @extend_schema(
        summary=_("Record the onward transport home"),
        request=TransportSerializer,
        responses={200: ArrivalSerializer},
    )
    @action(detail=True, methods=["post"], scope_action="change")
    def transport(self, request, pk=None):
        arrival = self.get_object()
        payload = TransportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        arrival = _service_call(
            services.arrival_transport,
            actor=request.user,
            arrival=arrival,
            by=payload.validated_data["by"],
            to=payload.validated_data["to"],
            departs_at=payload.validated_data.get("departs_at"),
            expected_version=payload.validated_data["version"],
        )
        return Response(ArrivalSerializer(arrival).data)

    @extend_schema(
        summary=_("Import a manifest of returnees (check, or save the good rows)"),
        request=ManifestUploadSerializer,
        responses={200: ImportResultSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        scope_action="add",
        parser_classes=[parsers.MultiPartParser],
    )
    def manifest(self, request):
        payload = ManifestUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            result = manifest.manifest_import(
                actor=request.user,
                uploaded=payload.validated_data["file"],
                commit=payload.validated_data["commit"],
            )
        except DjangoValidationError as error:
            raise ValidationError({"file": [error]}) from None
        return Response(ImportResultSerializer(result.as_dict()).data)


class InterceptionWriteSerializer(ReturneeWriteSerializer):
    intercepted_at = serializers.DateTimeField(help_text=_("When the departure was stopped."))
    flight_number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text=_("The flight they meant to take."),
    )
    destination = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        help_text=_("ISO code of the country they were going to."),
    )
    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the P3MI agency involved, if known."),
    )
    recruiter = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("The recruiter (calo/sponsor) involved."),
    )
    account = serializers.CharField(max_length=4000, help_text=_("What happened."))


class InterceptionSerializer(serializers.ModelSerializer):
    person = PersonBriefSerializer(read_only=True, help_text=_("The person stopped."))
    destination = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Where they were going.")
    )
    office = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the home office.")
    )
    post = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Code of the post.")
    )
    regency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Home regency, if known.")
    )

    class Meta:
        model = Interception
        fields = [
            "id",
            "person",
            "intercepted_at",
            "flight_number",
            "destination",
            "agency",
            "recruiter",
            "account",
            "regency",
            "office",
            "post",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = _described(fields)


@extend_schema_view(
    list=extend_schema(summary=_("Departures stopped, in your scope")),
    retrieve=extend_schema(summary=_("A departure stopped")),
    create=extend_schema(
        summary=_("Record a departure stopped at the airport"),
        request=InterceptionWriteSerializer,
        responses={201: InterceptionSerializer},
    ),
)
@extend_validation_errors(_NIK_CODES, field_name="nik", actions=_WRITE_ACTIONS)
@extend_validation_errors(["required"], field_name="account", actions=_WRITE_ACTIONS)
@extend_validation_errors(["required"], field_name="full_name", actions=_WRITE_ACTIONS)
class InterceptionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedGenericViewSet
):
    queryset = Interception.objects.select_related(
        "person", "destination", "office", "post", "regency"
    )
    serializer_class = InterceptionSerializer
    filterset_fields = ["office", "post", "destination", "agency"]
    ordering_fields = ["intercepted_at"]
    ordering = ["-intercepted_at", "-id"]

    def create(self, request, *args, **kwargs):
        payload = InterceptionWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person_fields, fields = payload.split()
        interception = _service_call(
            services.interception_record,
            actor=request.user,
            person_fields=person_fields,
            fields=fields,
        )
        return Response(InterceptionSerializer(interception).data, status=status.HTTP_201_CREATED)
