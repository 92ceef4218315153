"""The identity app's API endpoints, under /api/v1/ (declared in its AppConfig)."""

from django.urls import path

from pmi_portal.identity.api import MrzParseView, NikParseView

urlpatterns = [
    path("mrz/parse/", MrzParseView.as_view(), name="mrz-parse"),
    path("nik/parse/", NikParseView.as_view(), name="nik-parse"),
]
