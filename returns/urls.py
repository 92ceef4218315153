from django.urls import path, re_path

from returns import views

app_name = "returns"

urlpatterns = [
    path("", views.arrivals, name="arrivals"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.arrivals_export, name="arrivals_export"),
    path("arrivals/new/", views.arrival_new, name="arrival_new"),
    path("arrivals/match/", views.returnee_match, name="returnee_match"),
    path("arrivals/import/", views.manifest_import, name="manifest_import"),
    path("arrivals/<int:pk>/", views.arrival_detail, name="arrival"),
    path("arrivals/<int:pk>/transport/", views.arrival_transport, name="arrival_transport"),
    path("arrivals/<int:pk>/receive/", views.arrival_receive, name="arrival_receive"),
    path("interceptions/", views.interceptions, name="interceptions"),
    path("interceptions/new/", views.interception_new, name="interception_new"),
]
