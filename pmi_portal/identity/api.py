"""/api/v1/mrz/parse/ and /api/v1/nik/parse/: a passport's machine-readable zone, or a NIK,
read into the fields of a form.

Write nothing: the airport post's arrival form and the counter's registration fill themselves
from them, and the services check every field again on submit.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from pmi_portal.api.permissions import HoldsViewPermission
from pmi_portal.api.serializers import StrictSerializer
from pmi_portal.identity.mrz import ERROR_CODES, MrzError, parse_td3, state_country
from pmi_portal.identity.nik import parse_nik
from pmi_portal.identity.rules import nik_home_regency, nik_structure_errors

# Two lines of 44, a line break, and room for what a paste brings around them.
MRZ_MAX_LENGTH = 200


class MrzParseSerializer(StrictSerializer):
    """A passport's MRZ as the scanner or the officer's paste gives it."""

    mrz = serializers.CharField(
        max_length=MRZ_MAX_LENGTH,
        help_text=_(
            "The two 44-character lines of a passport's MRZ (ICAO 9303 TD3), separated by a "
            "line break. Lower case and surrounding spaces are accepted; nothing else is repaired."
        ),
    )

    def validate_mrz(self, value: str):
        try:
            return parse_td3(value)
        except MrzError as error:
            raise serializers.ValidationError(error.message, code=error.code) from None


class MrzSerializer(serializers.Serializer):
    """The fields of a passport's MRZ, every check digit matched."""

    document_number = serializers.CharField(help_text=_("Passport number, without fillers."))
    surname = serializers.CharField(help_text=_("Surname (primary identifier), in capitals."))
    given_names = serializers.CharField(
        help_text=_("Given names (secondary identifier), space-separated; may be empty.")
    )
    nationality = serializers.CharField(
        help_text=_("Nationality as the MRZ codes it: ICAO code, e.g. IDN (D for Germany).")
    )
    nationality_country = serializers.SerializerMethodField(
        help_text=_(
            "ISO 3166-1 alpha-2 code of the nationality, e.g. ID; null for codes that name "
            "no country (stateless, refugee, United Nations)."
        )
    )
    issuing_state = serializers.CharField(help_text=_("ICAO code of the issuing state."))
    birth_date = serializers.DateField(
        help_text=_("Date of birth (YYYY-MM-DD); a two-digit year is never in the future.")
    )
    sex = serializers.CharField(help_text=_("M, F, or empty when the passport leaves it open."))
    expiry_date = serializers.DateField(help_text=_("Last day the passport is valid."))
    personal_number = serializers.CharField(
        help_text=_("The optional personal number of the issuing state; may be empty.")
    )
    valid = serializers.SerializerMethodField(
        help_text=_("Always true: every check digit matched and the dates are real.")
    )

    def get_nationality_country(self, mrz) -> str | None:
        country = state_country(mrz.nationality)
        return country.code if country else None

    def get_valid(self, mrz) -> bool:
        return True


@extend_validation_errors(list(ERROR_CODES), field_name="mrz", methods=["post"])
@extend_validation_errors(
    ["unknown_field", "read_only_field", "invalid"], field_name="non_field_errors", methods=["post"]
)
class MrzParseView(APIView):
    """Read a passport's MRZ into its fields, checking every check digit."""

    permission_classes = [HoldsViewPermission]
    required_permission = "people.view_person"

    @extend_schema(
        operation_id="mrz_parse",
        summary=_("Read a passport's MRZ"),
        description=_(
            "The fields of the two MRZ lines of a passport (ICAO 9303 TD3), for an arrival "
            "form to fill itself. A zone with a wrong line, character, check digit or date "
            "answers 400 with the fault's code at `mrz`. Saves nothing."
        ),
        request=MrzParseSerializer,
        responses={200: MrzSerializer},
        tags=["identity"],
    )
    def post(self, request):
        payload = MrzParseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(MrzSerializer(payload.validated_data["mrz"]).data)


NIK_ERROR_CODES = ("nik_length", "nik_birth_date", "nik_serial", "nik_province", "nik_regency")


class NikParseSerializer(StrictSerializer):
    """A NIK as the officer types it: dots and spaces between the digits are accepted."""

    nik = serializers.CharField(max_length=40, help_text=_("The 16-digit NIK of the KTP card."))

    def validate_nik(self, value: str):
        errors = nik_structure_errors(value)
        if errors:
            error = errors["nik"]
            raise serializers.ValidationError(error.message, code=error.code)
        return parse_nik(value)


class NikSerializer(serializers.Serializer):
    """What the digits of a valid NIK say about its holder."""

    nik = serializers.CharField(source="number", help_text=_("The NIK, digits only."))
    sex = serializers.CharField(help_text=_("M or F: women have 40 added to their day of birth."))
    birth_date = serializers.DateField(
        help_text=_("Date of birth (YYYY-MM-DD); a two-digit year is never in the future.")
    )
    home_regency = serializers.SerializerMethodField(
        help_text=_("Code of the regency or city the KTP was issued in, as it is today.")
    )

    def get_home_regency(self, nik) -> str | None:
        return nik_home_regency(nik.number)


@extend_validation_errors(list(NIK_ERROR_CODES), field_name="nik", methods=["post"])
@extend_validation_errors(
    ["unknown_field", "read_only_field", "invalid"], field_name="non_field_errors", methods=["post"]
)
class NikParseView(APIView):
    """Read a NIK into the sex, birth date and regency it encodes."""

    permission_classes = [HoldsViewPermission]
    required_permission = "people.view_person"

    @extend_schema(
        operation_id="nik_parse",
        summary=_("Read a NIK"),
        description=_(
            "The sex, date of birth and regency a NIK encodes, for a registration form to "
            "fill itself. A NIK that cannot be real answers 400 with the fault's code at "
            "`nik`. Looks up no person and saves nothing."
        ),
        request=NikParseSerializer,
        responses={200: NikSerializer},
        tags=["identity"],
    )
    def post(self, request):
        payload = NikParseSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return Response(NikSerializer(payload.validated_data["nik"]).data)
