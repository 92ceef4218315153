from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import ApiRoute, Contribution, NavEntry

_READ = [
    "placements.view_placement",
    "placements.view_placementdocument",
    "placements.view_agency",
]
_COUNTER_WORK = ["placements.add_placement", "placements.change_placement"]


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Placements")

    portal = Contribution(
        permissions={
            Role.COUNTER_OFFICER: [*_READ, *_COUNTER_WORK],
            Role.AIRPORT_OFFICER: _READ,
            Role.CASE_HANDLER: _READ,
            Role.OFFICE_HEAD: [*_READ, *_COUNTER_WORK],
            Role.REGIONAL_HEAD: _READ,
            Role.NATIONAL_ANALYST: _READ,
            Role.ADMINISTRATOR: [*_READ, "placements.add_agency", "placements.change_agency"],
        },
        navigation=[
            NavEntry(_("Workers"), "placements:search", "people", "people.view_person", 20),
            NavEntry(
                _("Waiting on us"),
                "placements:queue",
                "hourglass-split",
                "placements.add_placement",
                21,
                group=_("Registry"),
            ),
            NavEntry(
                _("Placements"),
                "placements:placements",
                "list-ul",
                "placements.view_placement",
                42,
                group=_("Registry"),
            ),
            NavEntry(
                _("Agencies"),
                "placements:agencies",
                "briefcase",
                "placements.view_agency",
                40,
                group=_("Registry"),
            ),
        ],
        urls=("registry/", "placements.urls"),
        api_routes=[
            ApiRoute("workers", "placements.api.WorkerViewSet", "worker"),
            ApiRoute("placements", "placements.api.PlacementViewSet", "placement"),
        ],
        notification_kinds="placements.notices.KINDS",
        digest="placements.notices.digest",
        dashboard="placements.dashboard.section",
        summaries="placements.dashboard.SUMMARIES",
        home_figures="placements.dashboard.home_figures",
    )

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from placements.models import Agency
        from placements.services import active_placements_both_guard
        from pmi_portal.people.services import register_merge_guard

        register_merge_guard(active_placements_both_guard)
        # The counter's list of agencies is rendered once and kept with the reference data's
        # version (pmi_portal/web/forms.py QuickSelect): a new or renamed agency renews it.
        for signal in (post_save, post_delete):
            signal.connect(_agencies_changed, sender=Agency, dispatch_uid=f"agencies-{signal}")


def _agencies_changed(**kwargs) -> None:
    from pmi_portal.offices.services import reference_data_changed

    reference_data_changed()
