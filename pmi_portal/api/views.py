from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from pmi_portal.api.serializers import MeSerializer


class MeView(APIView):
    """Who the caller is: the user behind the token or session, their office, role and scope."""

    @extend_schema(
        operation_id="me",
        summary=_("Who am I"),
        description=_(
            "The user the token (or session) belongs to: role, office, how far they see, "
            "their permissions, and the token used. Check a new token with it."
        ),
        responses=MeSerializer,
        tags=["me"],
    )
    def get(self, request):
        return Response(MeSerializer(request.user, context={"request": request}).data)


class JsonErrorsMixin:
    """Errors in the API's JSON shape, also where the answer would be YAML or a page."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class ApiSchemaView(JsonErrorsMixin, SpectacularAPIView):
    """The OpenAPI 3 schema: YAML, or JSON with `Accept: application/json`."""


class ApiDocsView(JsonErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI from the portal's own static files, under the portal's strict CSP."""

    template_name = "api/swagger_ui.html"
    title = _("PMI Portal API")


class UnknownEndpointView(APIView):
    """Any other address under /api/: a JSON 404 like the rest of the API, never a page."""

    authentication_classes = []
    permission_classes = []
    throttle_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound
