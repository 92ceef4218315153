"""How the OpenAPI schema describes the API ground: the token scheme and every error answer."""

from http import HTTPStatus

from django.db import models
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
)
from drf_standardized_errors.openapi import AutoSchema as StandardizedErrorsAutoSchema
from drf_standardized_errors.openapi_serializers import ClientErrorEnum, ServerErrorEnum
from rest_framework import serializers

from pmi_portal.api.authentication import AuthenticationCode


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "pmi_portal.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "An API token issued in the admin or with `manage.py issue_api_token`, sent as "
                "`Authorization: Token <key>`. The system acts with the role and office scope "
                "of the token's user."
            ),
        }


class StrictSerializerScheme(OpenApiSerializerExtension):
    """A strict serializer refuses unknown fields: its request body says so."""

    target_class = "pmi_portal.api.serializers.StrictSerializerMixin"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_serializer(self.target, direction, bypass_extensions=True)
        if direction == "request":
            schema["additionalProperties"] = False
        return schema


class ErrorCode401Enum(models.TextChoices):
    AUTHENTICATION_FAILED = AuthenticationCode.FAILED
    NOT_AUTHENTICATED = "not_authenticated"
    TOKEN_REVOKED = AuthenticationCode.REVOKED
    TOKEN_EXPIRED = AuthenticationCode.EXPIRED


class ErrorCode413Enum(models.TextChoices):
    REQUEST_TOO_LARGE = "request_too_large"


class ErrorCode503Enum(models.TextChoices):
    SERVICE_UNAVAILABLE = "service_unavailable"


def _error_response(status_code: str, error_type, codes) -> type[serializers.Serializer]:
    error = type(
        f"Error{status_code}Serializer",
        (serializers.Serializer,),
        {
            "code": serializers.ChoiceField(choices=codes.choices),
            "detail": serializers.CharField(),
            "attr": serializers.CharField(allow_null=True),
        },
    )
    return type(
        f"ErrorResponse{status_code}Serializer",
        (serializers.Serializer,),
        {
            "type": serializers.ChoiceField(choices=error_type.choices),
            "errors": error(many=True),
        },
    )


ErrorResponse401Serializer = _error_response("401", ClientErrorEnum, ErrorCode401Enum)
ErrorResponse413Serializer = _error_response("413", ClientErrorEnum, ErrorCode413Enum)
ErrorResponse503Serializer = _error_response("503", ServerErrorEnum, ErrorCode503Enum)

WRITE_METHODS = {"POST", "PUT", "PATCH"}
BODY_ERRORS = {"413", "415"}


class AutoSchema(StandardizedErrorsAutoSchema):
    """Documents the error answers an operation can give, and only those."""

    def _should_add_error_response(self, responses: dict, status_code: str) -> bool:
        if status_code in BODY_ERRORS and self.method not in WRITE_METHODS:
            return False
        return super()._should_add_error_response(responses, status_code)

    def _get_extra_validation_errors(self) -> dict[str, set[str]]:
        errors = super()._get_extra_validation_errors()
        paginator = self._get_paginator()
        if self._is_list_view() and getattr(paginator, "page_size_query_param", None):
            errors[paginator.page_size_query_param] = {"invalid"}
        # pmi_portal.web.middleware.ControlCharacterMiddleware refuses a control character in
        # any query parameter before the view runs.
        for parameter in self._get_filter_parameters() + self._get_pagination_parameters():
            if parameter.get("in") == "query":
                errors.setdefault(parameter["name"], set()).add("null_characters_not_allowed")
        return errors

    def _should_add_parse_error_response(self) -> bool:
        # Only a body is parsed, and only a write operation reads one.
        return self.method in WRITE_METHODS and super()._should_add_parse_error_response()


def describe_responses(result, generator, request, public):
    """Postprocessing hook: every answer has a description, at least its HTTP reason."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for status_code, response in operation.get("responses", {}).items():
                if not response.get("description"):
                    response["description"] = HTTPStatus(int(status_code)).phrase
    return result
