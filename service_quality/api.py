"""`POST /api/v1/survey/`: the satisfaction survey as the receipt's link answers it (public)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from pmi_portal.api.serializers import StrictSerializer
from pmi_portal.api.throttling import AnonymousRateThrottle
from service_quality import services
from service_quality.models import ELEMENT_CODES, ELEMENTS


class SurveyAnswerSerializer(StrictSerializer):
    token = serializers.CharField(
        max_length=500, help_text=_("The token of the survey link printed on the receipt.")
    )

    def get_fields(self):
        fields = super().get_fields()
        for code, element, _question in ELEMENTS:
            fields[code] = serializers.IntegerField(
                min_value=1,
                max_value=4,
                help_text=_("%(element)s: 1 poor, 2 fair, 3 good, 4 very good.")
                % {"element": element},
            )
        return fields


class SurveyThanksSerializer(serializers.Serializer):
    service = serializers.CharField(help_text=_("The service the answer is about."))
    office = serializers.CharField(help_text=_("Code of the office the answer is about."))


@extend_validation_errors(
    ["token_invalid", "token_expired", "already_answered"], field_name="token", actions=["create"]
)
class SurveyViewSet(viewsets.ViewSet):
    """The twin of /skm/<token>/ for apps: the same service, once per receipt."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [AnonymousRateThrottle]

    @extend_schema(
        summary=_("Answer the satisfaction survey of a receipt (public, no login)"),
        description=_(
            "The nine elements of PermenPANRB 14/2017, each scored 1 to 4. Anonymous: nothing "
            "of the caller is kept. One answer per receipt: another is 400 `already_answered`."
        ),
        request=SurveyAnswerSerializer,
        responses={201: SurveyThanksSerializer},
        auth=[],
    )
    def create(self, request):
        payload = SurveyAnswerSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            answer = services.survey_answer(
                token=data["token"], scores={code: data[code] for code in ELEMENT_CODES}
            )
        except DjangoValidationError as error:
            raise ValidationError(serializers.as_serializer_error(error)) from None
        body = {"service": answer.service, "office": answer.office.code}
        return Response(SurveyThanksSerializer(body).data, status=status.HTTP_201_CREATED)
