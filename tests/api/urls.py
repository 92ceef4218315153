"""The portal's URLs plus endpoints built on the API ground, for testing the ground itself.

They sit under /api/ground/, before the portal's own /api/: an address that matches none of
them falls through to the API's JSON 404, as it would for a domain endpoint.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import include, path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from pmi_portal.api.pagination import CursorPagination
from pmi_portal.api.serializers import StrictSerializer
from pmi_portal.api.viewsets import ScopedReadOnlyModelViewSet
from pmi_portal.audit.models import AuditEvent
from pmi_portal.urls import urlpatterns as portal_urlpatterns


class ArrivalSerializer(StrictSerializer):
    passport = serializers.CharField(max_length=9)
    passengers = serializers.IntegerField(min_value=1)
    id = serializers.IntegerField(read_only=True)


class ArrivalView(APIView):
    """A write endpoint: validates its body and answers it back."""

    @extend_schema(request=ArrivalSerializer, responses={201: ArrivalSerializer})
    def post(self, request):
        serializer = ArrivalSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({**serializer.data, "id": 1}, status=201)


class ManifestUploadView(APIView):
    """An upload endpoint: multipart, whose fields Django itself limits in size."""

    parser_classes = [MultiPartParser]

    def post(self, request):
        return Response({"fields": sorted(request.data)}, status=201)


class RefusingServiceView(APIView):
    """A write endpoint whose service refuses the change, as services do."""

    def post(self, request):
        raise DjangoValidationError(
            {"passport": DjangoValidationError("This passport is blacklisted.", code="blacklisted")}
        )


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = ["id", "action", "actor_office", "occurred_at"]


class AuditEventViewSet(ScopedReadOnlyModelViewSet):
    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventSerializer
    filterset_fields = ["action"]
    ordering_fields = ["occurred_at", "id"]


class AuditStreamSerializer(AuditEventSerializer):
    class Meta(AuditEventSerializer.Meta):
        ref_name = "AuditStreamEvent"


class AuditEventCursorViewSet(AuditEventViewSet):
    serializer_class = AuditStreamSerializer
    pagination_class = CursorPagination


router = SimpleRouter()
router.register("audit-events", AuditEventViewSet, basename="test-audit-event")
router.register("audit-stream", AuditEventCursorViewSet, basename="test-audit-stream")

urlpatterns = [
    path(
        "api/ground/",
        include(
            [
                path("arrivals/", ArrivalView.as_view()),
                path("refusing/", RefusingServiceView.as_view()),
                path("manifests/", ManifestUploadView.as_view()),
                *router.urls,
            ]
        ),
    ),
    *portal_urlpatterns,
]
