from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import Contribution, NavEntry

_VIEW = ["dashboards.view_dashboard"]
_TARGETS = ["dashboards.view_target", "dashboards.add_target", "dashboards.change_target"]


class DashboardsConfig(AppConfig):
    """The heads' dashboards: the figures each app contributes, over the user's own scope."""

    name = "pmi_portal.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    portal = Contribution(
        permissions={
            Role.OFFICE_HEAD: _VIEW,
            Role.REGIONAL_HEAD: _VIEW,
            Role.NATIONAL_ANALYST: [*_VIEW, "dashboards.view_target"],
            Role.ADMINISTRATOR: [*_VIEW, *_TARGETS],
        },
        navigation=[
            NavEntry(_("Dashboard"), "dashboards:page", "bar-chart-line", _VIEW[0], 12),
            NavEntry(
                _("Placement targets"),
                "dashboards:targets",
                "bullseye",
                _TARGETS[0],
                13,
                group=_("Registry"),
            ),
        ],
        urls=("dashboard/", "pmi_portal.dashboards.urls"),
        api_urls="pmi_portal.dashboards.api_urls",
    )
