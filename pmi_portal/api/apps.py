from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "pmi_portal.api"
    label = "api"
    verbose_name = _("Integration API")

    def ready(self) -> None:
        # Registers the token scheme with the OpenAPI generator.
        from pmi_portal.api import openapi  # noqa: F401
