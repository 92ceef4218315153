"""The satisfaction survey (SKM) a person opens from the code on their receipt, at /skm/."""

from django.urls import path

from service_quality import public_views

app_name = "skm"

urlpatterns = [
    path("<str:token>/", public_views.survey, name="answer"),
]
