"""Everything under /api/: the ground's own endpoints and each app's viewsets and endpoints."""

from django.urls import include, path, re_path
from django.utils.module_loading import import_string
from rest_framework.routers import SimpleRouter

from pmi_portal.api import views
from pmi_portal.contributions import contributions

app_name = "api"

router = SimpleRouter()
# Each domain app declares its routes in its AppConfig (pmi_portal.contributions).
for contribution in contributions():
    for route in contribution.api_routes:
        router.register(route.prefix, import_string(route.viewset), basename=route.basename)

v1 = [
    path("me/", views.MeView.as_view(), name="me"),
    path("schema/", views.ApiSchemaView.as_view(), name="schema"),
    path("docs/", views.ApiDocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
    *(path("", include(c.api_urls)) for c in contributions() if c.api_urls is not None),
]

urlpatterns = [
    path("v1/", include(v1)),
    re_path(r"", views.UnknownEndpointView.as_view(), name="unknown"),
]
