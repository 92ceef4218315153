from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import ApiRoute, Contribution, NavEntry

_VIEW = [
    "outreach.view_activity",
    "outreach.view_activitydocument",
    "outreach.view_programme",
    "outreach.view_participant",
]
_RECORD = [
    "outreach.add_activity",
    "outreach.change_activity",
    "outreach.add_activitydocument",
    "outreach.add_programme",
    # Adding a participant changes the programme.
    "outreach.change_programme",
    "outreach.add_participant",
]


class OutreachConfig(AppConfig):
    """Prevention and empowerment: the offices' outreach (sosialisasi) to villages, schools,
    liaison officers and the press, its coverage of their working area, and their programmes
    for returned workers and their families."""

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
            NavEntry(
                _("Outreach"),
                "outreach:list",
                "megaphone",
                "outreach.view_activity",
                40,
                group=_("Public service"),
            ),
            NavEntry(
                _("Empowerment programmes"),
                "outreach:programmes",
                "mortarboard",
                "outreach.view_programme",
                41,
                group=_("Public service"),
            ),
        ],
        urls=("outreach/", "outreach.urls"),
        api_routes=[
            ApiRoute("outreach", "outreach.api.ActivityViewSet", "outreach"),
            ApiRoute("programmes", "outreach.api.ProgrammeViewSet", "programme"),
        ],
        dashboard="outreach.dashboard.section",
    )
