"""The dashboard's API endpoint, under /api/v1/ (declared in its AppConfig)."""

from django.urls import path

from pmi_portal.dashboards.api import DashboardView

urlpatterns = [path("dashboard/", DashboardView.as_view(), name="dashboard")]
