"""One JSON shape for every API error: `{"type", "errors": [{"code", "detail", "attr"}]}`.

drf-standardized-errors writes the shape; this module turns the errors that Django, the services
and the database raise into API errors with a stable code, never a 500 page or a trace.
"""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_standardized_errors.handler import ExceptionHandler
from rest_framework import exceptions
from rest_framework.fields import get_error_detail

from pmi_portal.access.scoping import NotFoundOrNotYours
from pmi_portal.api.exceptions import RequestTooLarge, ServiceUnavailable
from pmi_portal.web.views import SERVICE_DOWN_ERRORS


class ApiExceptionHandler(ExceptionHandler):
    def convert_known_exceptions(self, exc: Exception) -> Exception:
        if isinstance(exc, RequestDataTooBig):
            return RequestTooLarge()
        if isinstance(exc, DjangoValidationError):
            # A service refused the change: the same message per field as in the web forms.
            return exceptions.ValidationError(get_error_detail(exc))
        if isinstance(exc, NotFoundOrNotYours):
            return exceptions.NotFound()
        if isinstance(exc, SERVICE_DOWN_ERRORS):
            return ServiceUnavailable()
        return super().convert_known_exceptions(exc)

    def get_headers(self, exc: exceptions.APIException) -> dict:
        headers = super().get_headers(exc)
        if isinstance(exc, ServiceUnavailable):
            headers["Retry-After"] = "60"
        return headers
