"""Everything under /api/: the ground's own endpoints and each domain app's viewsets."""

from django.urls import include, path, re_path
from rest_framework.routers import SimpleRouter

from placements.api import PlacementViewSet, WorkerViewSet
from pmi_portal.api import views

app_name = "api"

router = SimpleRouter()
router.register("workers", WorkerViewSet, basename="worker")
router.register("placements", PlacementViewSet, basename="placement")

v1 = [
    path("me/", views.MeView.as_view(), name="me"),
    path("schema/", views.ApiSchemaView.as_view(), name="schema"),
    path("docs/", views.ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"", views.UnknownEndpointView.as_view(), name="unknown"),
]
