from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.contributions import Contribution


class IdentityConfig(AppConfig):
    name = "pmi_portal.identity"
    label = "identity"
    verbose_name = _("Identity documents")

    portal = Contribution(api_urls="pmi_portal.identity.api_urls")
