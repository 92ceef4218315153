"""The published service standards of each office, at /layanan/ (no login)."""

from django.urls import path

from service_quality import public_views

app_name = "layanan"

urlpatterns = [
    path("", public_views.offices, name="offices"),
    path("<slug:code>/", public_views.office_standards, name="office"),
]
