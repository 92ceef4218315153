from django.urls import path, re_path

from pmi_portal.dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="page"),
    path("report/", views.report, name="report"),
    path("targets/", views.targets, name="targets"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
]
