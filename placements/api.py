"""/api/v1/workers/ and /api/v1/placements/: the counter's registry for other systems.

The same services, rules and office scope as the counter's pages: lists mask identity
numbers, a worker's detail shows them whole and is audited.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.validators import UniqueValidator

from placements import services
from placements.models import Agency, Placement
from placements.stages import Stage, missing_documents
from pmi_portal.access.scoping import get_in_scope
from pmi_portal.api.serializers import StrictModelSerializer, StrictSerializer
from pmi_portal.api.viewsets import ScopedGenericViewSet
from pmi_portal.audit.services import audit_identity_viewed
from pmi_portal.identity.masking import mask_nik, mask_passport
from pmi_portal.identity.rules import nik_structure_errors
from pmi_portal.offices.models import Country, Regency
from pmi_portal.people import selectors as people_selectors
from pmi_portal.people.models import Person


def _service_call(call, **kwargs):
    """Run a service; its ValidationError becomes the API's 400 with a message per field."""
    try:
        return call(**kwargs)
    except DjangoValidationError as error:
        raise ValidationError(serializers.as_serializer_error(error)) from None


WORKER_HELP = {
    "id": _("The worker's id in the portal."),
    "nik": _("The 16-digit NIK of the KTP; checked against the regions, sex and birth date."),
    "full_name": _("Full name as on the KTP."),
    "sex": _("M or F, as the NIK says."),
    "birth_place": _("Place of birth."),
    "birth_date": _("Date of birth, as the NIK says (YYYY-MM-DD)."),
    "address": _("Street address of the home."),
    "phone": _("Phone number; stored in E.164 (+62...)."),
    "education": _("Highest schooling completed."),
    "skills": _("Skills, free text."),
    "next_of_kin_name": _("Name of the family member to contact."),
    "next_of_kin_relation": _("How the next of kin is related, e.g. ibu."),
    "next_of_kin_phone": _("Phone number of the next of kin."),
    "passport_number": _("Passport number; with its expiry, or neither."),
    "passport_expiry": _("Last day the passport is valid (YYYY-MM-DD)."),
    "registered_by_office": _("Code of the office that registered the worker."),
    "created_at": _("When the worker was registered (ISO 8601, with offset)."),
    "updated_at": _("When the worker's data last changed."),
}
PLACEMENT_HELP = {
    "id": _("The placement's id."),
    "scheme": _("g2g, p2p (through an agency), ukps or individual."),
    "employer_name": _("The employer abroad."),
    "sector": _("formal, or informal (domestic work)."),
    "job_title": _("The job abroad."),
    "contract_months": _("Length of the contract in months."),
    "salary_amount": _("Monthly salary, in salary_currency."),
    "salary_currency": _("ISO 4217 currency of the salary."),
    "stage": _("Where the placement stands; changed only through transition."),
    "stage_changed_at": _("Since when the placement is in this stage."),
    "cancel_reason": _("Why the placement was cancelled, if it was."),
    "departed_on": _("Day of departure, once departed."),
    "regency": _("Region of the placement: the worker's home at registration."),
    "office": _("Code of the office handling the placement."),
    "created_at": _("When the placement was registered."),
    "version": _("The version read; changes send it back."),
}


def _described(help_texts: dict, fields: list[str]) -> dict:
    return {name: {"help_text": help_texts[name]} for name in fields if name in help_texts}


class WorkerListSerializer(serializers.ModelSerializer):
    """A worker in a list: identity numbers masked."""

    nik = serializers.SerializerMethodField(help_text=_("The NIK, masked: 3201********0001."))
    passport_number = serializers.SerializerMethodField(help_text=_("Masked passport number."))
    home_regency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=_("Kemendagri code of the home regency.")
    )

    class Meta:
        model = Person
        fields = ["id", "nik", "full_name", "sex", "birth_date", "home_regency", "passport_number",
                  "created_at"]  # fmt: skip
        extra_kwargs = _described(WORKER_HELP, fields)

    def get_nik(self, worker) -> str:
        return mask_nik(worker.nik)

    def get_passport_number(self, worker) -> str:
        return mask_passport(worker.passport_number)


class PlacementFieldsSerializer(StrictModelSerializer):
    """The fields of a new placement, alone or inside a worker's registration."""

    agency = serializers.PrimaryKeyRelatedField(
        queryset=Agency.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The P3MI agency's id; required for the P to P scheme."),
    )
    destination = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Country.objects.all(),
        help_text=_("ISO 3166-1 alpha-2 code of the destination country."),
    )

    class Meta:
        model = Placement
        fields = ["scheme", "agency", "destination", "employer_name", "sector", "job_title",
                  "contract_months", "salary_amount", "salary_currency"]  # fmt: skip
        extra_kwargs = _described(PLACEMENT_HELP, fields)


class WorkerSerializer(StrictModelSerializer):
    """A worker whole: for a user in scope; every read of it is audited."""

    home_regency = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Regency.objects.all(),
        help_text=_("Kemendagri code of the home regency (4 digits); decides the office."),
    )
    registered_by_office = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=WORKER_HELP["registered_by_office"]
    )
    placement = PlacementFieldsSerializer(
        write_only=True,
        required=False,
        allow_null=True,
        help_text=_("On registration: the first placement, saved with the worker or not at all."),
    )
    different_from = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),  # the user's scope, set in get_fields
        many=True,
        write_only=True,
        required=False,
        help_text=_(
            "Ids of the similar workers (same name and birth date, or same passport) checked "
            "and found to be other people."
        ),
    )
    version = serializers.IntegerField(
        required=False,
        help_text=_("The version read; a change must send it back, to refuse lost updates."),
    )
    residence_confirmed = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=_(
            "True once the officer checked that the worker lives in home_regency although it "
            "lies outside the NIK's province (refused with residence_outside_nik_province "
            "until then)."
        ),
    )

    class Meta:
        model = Person
        fields = ["id", "nik", "full_name", "sex", "birth_place", "birth_date", "home_regency",
                  "address", "phone", "education", "skills", "next_of_kin_name",
                  "next_of_kin_relation", "next_of_kin_phone", "passport_number",
                  "passport_expiry", "registered_by_office", "created_at", "updated_at",
                  "version", "placement", "different_from", "residence_confirmed"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = _described(WORKER_HELP, fields)

    def get_fields(self):
        fields = super().get_fields()
        creating = self.instance is None
        for name in services.CPMI_REQUIRED:
            field = fields[name]
            field.required = creating
            field.allow_null = False
            if isinstance(field, serializers.CharField):
                field.allow_blank = False
        # A taken NIK is the service's to answer: it names the holder only within the scope.
        fields["nik"].validators = [
            v for v in fields["nik"].validators if not isinstance(v, UniqueValidator)
        ]
        if not creating:
            fields["nik"].read_only = True  # a wrong NIK is a new registration, never an edit
        request = self.context.get("request")
        user = getattr(request, "user", None)
        fields["different_from"].child_relation.queryset = Person.objects.restrict(user)
        return fields

    def validate_nik(self, value):
        # Named at its field at once, with the other fields' errors; the service checks it
        # again, whole, with the sex and birth date.
        errors = nik_structure_errors(value)
        if errors:
            raise errors["nik"]
        return value

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise ValidationError(
                {"version": _("Send back the version you read.")}, code="version_required"
            )
        return attrs

    def create(self, validated_data):
        placement = validated_data.pop("placement", None)
        different_from = [worker.pk for worker in validated_data.pop("different_from", [])]
        validated_data.pop("version", None)
        residence_confirmed = validated_data.pop("residence_confirmed", False)
        try:
            return services.worker_register(
                actor=self.context["request"].user,
                fields=validated_data,
                placement_fields=placement,
                different_from=different_from,
                residence_confirmed=residence_confirmed,
            )
        except DjangoValidationError as error:
            if getattr(error, "code", None) != "possible_duplicate":
                raise ValidationError(_placement_errors_nested(error)) from None
            similar = ", ".join(str(match.person.pk) for match in error.params["similar"])
            raise ValidationError(
                {
                    "different_from": [
                        _(
                            "%(message)s Similar workers: %(ids)s. Check them; if they are other "
                            "people, send their ids in different_from."
                        )
                        % {"message": error.messages[0], "ids": similar}
                    ]
                },
                code="possible_duplicate",
            ) from None

    def update(self, instance, validated_data):
        validated_data.pop("placement", None)
        validated_data.pop("different_from", None)
        version = validated_data.pop("version")
        residence_confirmed = validated_data.pop("residence_confirmed", False)
        return _service_call(
            services.worker_update,
            actor=self.context["request"].user,
            worker=instance,
            fields=validated_data,
            expected_version=version,
            residence_confirmed=residence_confirmed,
        )


def _placement_errors_nested(error: DjangoValidationError) -> dict:
    """A registration's errors, those of its placement's fields under "placement"."""
    errors = serializers.as_serializer_error(error)
    placement = {
        name: errors.pop(name) for name in PlacementFieldsSerializer.Meta.fields if name in errors
    }
    if placement:
        errors["placement"] = placement
    return errors


class PlacementSerializer(PlacementFieldsSerializer):
    worker = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(),  # the user's scope, set in get_fields
        help_text=_("The worker's id."),
    )
    office = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=PLACEMENT_HELP["office"]
    )
    regency = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text=PLACEMENT_HELP["regency"]
    )
    missing_documents = serializers.SerializerMethodField(
        help_text=_("Documents the current stage still needs before the placement moves on.")
    )

    class Meta(PlacementFieldsSerializer.Meta):
        fields = ["id", "worker", *PlacementFieldsSerializer.Meta.fields, "stage",
                  "stage_changed_at", "cancel_reason", "departed_on", "regency", "office",
                  "created_at", "version", "missing_documents"]  # fmt: skip
        read_only_fields = ["stage", "stage_changed_at", "cancel_reason", "departed_on",
                            "created_at", "version"]  # fmt: skip
        extra_kwargs = _described(PLACEMENT_HELP, fields)

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        # An id outside the user's scope answers exactly like an id that does not exist.
        fields["worker"].queryset = Person.objects.restrict(
            getattr(request, "user", None), "change"
        ).current()
        return fields

    def get_missing_documents(self, placement) -> list[str]:
        return missing_documents(placement)

    def create(self, validated_data):
        request = self.context["request"]
        worker = get_in_scope(
            Person.objects.all(), request.user, "change", pk=validated_data.pop("worker").pk
        )
        return _service_call(
            services.placement_create, actor=request.user, worker=worker, fields=validated_data
        )


class TransitionSerializer(StrictSerializer):
    to_stage = serializers.ChoiceField(choices=Stage.choices, help_text=_("The stage to move to."))
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text=_("Needed when going back or cancelling."),
    )
    version = serializers.IntegerField(help_text=_("The placement's version you read."))


@extend_schema_view(
    list=extend_schema(summary=_("Find workers"), description=_(
        "Workers in your office's scope, identity numbers masked. `q` searches an exact NIK or "
        "passport number, or a name with typos allowed.")),
    retrieve=extend_schema(summary=_("A worker, whole (audited)")),
    create=extend_schema(summary=_("Register a worker, with a first placement if given")),
    update=extend_schema(summary=_("Change a worker's data")),
    partial_update=extend_schema(summary=_("Change some of a worker's data")),
)  # fmt: skip
@extend_validation_errors(
    [
        "invalid",
        "nik_taken",
        "nik_length",
        "nik_birth_date",
        "nik_serial",
        "nik_province",
        "nik_regency",
    ],
    field_name="nik",
    actions=["create"],
)
@extend_validation_errors(
    ["invalid", "nik_sex_mismatch"],
    field_name="sex",
    actions=["create", "update", "partial_update"],
)
@extend_validation_errors(
    ["invalid", "under_age", "nik_birth_date_mismatch"],
    field_name="birth_date",
    actions=["create", "update", "partial_update"],
)
@extend_validation_errors(
    ["invalid", "passport_invalid", "passport_number_missing"],
    field_name="passport_number",
    actions=["create", "update", "partial_update"],
)
@extend_validation_errors(
    ["invalid", "passport_expiry_missing", "passport_expired"],
    field_name="passport_expiry",
    actions=["create", "update", "partial_update"],
)
@extend_validation_errors(
    ["invalid", "version_required"], field_name="version", actions=["update", "partial_update"]
)
@extend_validation_errors(
    ["invalid", "phone_invalid"], field_name="phone", actions=["create", "update", "partial_update"]
)
@extend_validation_errors(
    ["invalid", "phone_invalid"],
    field_name="next_of_kin_phone",
    actions=["create", "update", "partial_update"],
)
@extend_validation_errors(["possible_duplicate"], field_name="different_from", actions=["create"])
@extend_validation_errors(
    ["agency_required", "agency_not_active"], field_name="placement.agency", actions=["create"]
)
@extend_validation_errors(
    ["stale", "active_placement", "invalid"],
    field_name="non_field_errors",
    actions=["create", "update", "partial_update"],
)
class WorkerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedGenericViewSet,
):
    queryset = Person.objects.current().select_related("home_regency", "registered_by_office")
    filterset_fields = ["sex", "home_regency", "registered_by_office"]
    ordering_fields = ["created_at", "full_name", "birth_date"]
    ordering = ["-created_at", "-id"]

    def get_serializer_class(self):
        return WorkerListSerializer if self.action == "list" else WorkerSerializer

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        query = self.request.query_params.get("q", "").strip()
        if query:
            ranked = [
                worker.pk for worker in people_selectors.search_people(self.request.user, query)
            ]
            queryset = queryset.filter(pk__in=ranked)
            # Best match first, as the search ranked them, unless the client asks an ordering.
            if ranked and not self.request.query_params.get(api_settings.ORDERING_PARAM):
                queryset = queryset.order_by(
                    Case(*(When(pk=pk, then=rank) for rank, pk in enumerate(ranked)))
                )
        return queryset

    def retrieve(self, request, *args, **kwargs):
        worker = self.get_object()
        audit_identity_viewed(actor=request.user, obj=worker, regency_id=worker.home_regency_id)
        return Response(self.get_serializer(worker).data)

    def perform_create(self, serializer) -> None:
        # Not wrapped: the service opens its own transaction after the checks against other
        # records, so an audited cross-office match survives a refused registration.
        serializer.save()

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            serializer.save()


@extend_schema_view(
    list=extend_schema(summary=_("Placements in your scope")),
    retrieve=extend_schema(summary=_("A placement")),
    create=extend_schema(summary=_("Open a placement for a worker")),
)
@extend_validation_errors(
    ["agency_required", "agency_not_active"], field_name="agency", actions=["create"]
)
@extend_validation_errors(
    ["active_placement", "invalid"], field_name="non_field_errors", actions=["create"]
)
@extend_validation_errors(
    ["transition_refused", "stale"], field_name="non_field_errors", actions=["transition"]
)
class PlacementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    ScopedGenericViewSet,
):
    queryset = Placement.objects.select_related(
        "destination", "regency", "office", "worker"
    ).prefetch_related("documents")
    serializer_class = PlacementSerializer
    filterset_fields = ["stage", "scheme", "destination", "regency", "office", "worker", "agency"]
    ordering_fields = ["created_at", "stage_changed_at"]
    ordering = ["-created_at", "-id"]

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            serializer.save()

    @extend_schema(
        summary=_("Move a placement to another stage"),
        request=TransitionSerializer,
        responses={200: PlacementSerializer},
    )
    @action(detail=True, methods=["post"], scope_action="change")
    def transition(self, request, pk=None):
        placement = self.get_object()
        payload = TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        placement = _service_call(
            services.placement_transition,
            actor=request.user,
            placement=placement,
            to_stage=payload.validated_data["to_stage"],
            reason=payload.validated_data.get("reason", ""),
            expected_version=payload.validated_data["version"],
        )
        return Response(self.get_serializer(placement).data, status=status.HTTP_200_OK)
