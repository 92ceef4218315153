from django.urls import path

from service_quality import views

app_name = "service_quality"

urlpatterns = [
    path("", views.standards, name="standards"),
    path("standards/<str:service>/", views.standard_edit, name="standard_edit"),
    path("satisfaction/", views.satisfaction, name="satisfaction"),
    path("time/", views.service_time, name="service_time"),
]
