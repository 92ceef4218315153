from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import ApiRoute, Contribution, NavEntry

_READ = ["returns.view_arrival", "returns.view_interception"]
# The home office confirms receipt of its returnees (a change of the arrival's handover).
_RECEIVE = ["returns.change_arrival"]
_POST_WORK = ["returns.add_arrival", "returns.change_arrival", "returns.add_interception"]


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = _("Returns")

    portal = Contribution(
        permissions={
            Role.COUNTER_OFFICER: [*_READ, *_RECEIVE],
            Role.AIRPORT_OFFICER: [*_READ, *_POST_WORK],
            Role.CASE_HANDLER: _READ,
            Role.OFFICE_HEAD: [*_READ, *_RECEIVE],
            Role.REGIONAL_HEAD: _READ,
            Role.NATIONAL_ANALYST: _READ,
            Role.ADMINISTRATOR: _READ,
        },
        navigation=[
            NavEntry(_("Arrivals"), "returns:arrivals", "airplane", "returns.view_arrival", 24),
            NavEntry(
                _("Interceptions"),
                "returns:interceptions",
                "sign-stop",
                "returns.view_interception",
                26,
            ),
        ],
        urls=("returns/", "returns.urls"),
        api_routes=[
            ApiRoute("arrivals", "returns.api.ArrivalViewSet", "arrival"),
            ApiRoute("interceptions", "returns.api.InterceptionViewSet", "interception"),
        ],
        notification_kinds="returns.notices.KINDS",
        digest="returns.notices.digest",
        notification_scans=("returns.notices.handovers_overdue",),
        dashboard="returns.dashboard.section",
        summaries="returns.dashboard.SUMMARIES",
        home_figures="returns.dashboard.home_figures",
    )
