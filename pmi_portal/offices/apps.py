from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "pmi_portal.offices"
    label = "offices"
    verbose_name = _("Regions and offices")

    def ready(self):
        from pmi_portal.offices.models import Country, Office, Province, Regency

        # A regency saved may have moved to another office, an office to another parent; a
        # name may have changed.
        for model in (Province, Regency, Country, Office):
            for signal in (post_save, post_delete):
                signal.connect(
                    _reference_data_changed, sender=model, dispatch_uid=f"area-{model.__name__}"
                )


def _reference_data_changed(**kwargs) -> None:
    from pmi_portal.offices.services import reference_data_changed

    reference_data_changed()
