from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    name = "pmi_portal.synthetic"
    label = "synthetic"
    verbose_name = _("Synthetic data for scale tests")
