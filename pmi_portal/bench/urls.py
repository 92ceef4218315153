"""Served only when BENCH_BARE_VIEW is on (the benchmark server), never in production."""

from django.urls import path

from pmi_portal.bench import views

app_name = "bench"

urlpatterns = [
    path("bare/<int:pk>/", views.bare, name="bare"),
]
