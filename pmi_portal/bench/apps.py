from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "pmi_portal.bench"
    label = "bench"
