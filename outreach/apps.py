from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import ApiRoute, Contribution, NavEntry

_VIEW = ["outreach.view_activity", "outreach.view_activitydocument"]
_RECORD = ["outreach.add_activity", "outreach.change_activity", "outreach.add_activitydocument"]


class OutreachConfig(AppConfig):
    """Prevention: the offices' outreach (sosialisasi) to villages, schools, liaison officers
    and the press, and its coverage of their working area."""

    name = "outreach"
    verbose_name = _("Outreach")

    portal = Contribution(
        permissions={
            Role.COUNTER_OFFICER: [*_VIEW, *_RECORD],
            Role.OFFICE_HEAD: [*_VIEW, *_RECORD],
            Role.REGIONAL_HEAD: _VIEW,
            Role.NATIONAL_ANALYST: _VIEW,
            Role.ADMINISTRATOR: _VIEW,
        },
        navigation=[
            NavEntry(_("Outreach"), "outreach:list", "megaphone", "outreach.view_activity", 40),
        ],
        urls=("outreach/", "outreach.urls"),
        api_routes=[ApiRoute("outreach", "outreach.api.ActivityViewSet", "outreach")],
        dashboard="outreach.dashboard.section",
    )
