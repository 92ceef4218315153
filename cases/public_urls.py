"""The public's pages under /lapor/ (CONTRACT.md): no login."""

from django.urls import path

from cases import public_views

app_name = "lapor"

urlpatterns = [
    path("", public_views.report, name="report"),
    path("status/", public_views.status_lookup, name="status_lookup"),
    path("status/<str:receipt>/", public_views.status, name="status"),
]
