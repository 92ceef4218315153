from django.urls import path

from pmi_portal.offices import views

app_name = "offices"

urlpatterns = [
    path("", views.office_list, name="list"),
    path("<slug:code>/", views.office_detail, name="detail"),
]
