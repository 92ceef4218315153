from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import ApiRoute, Contribution, NavEntry

_VIEW = ["cases.view_case", "cases.view_casedocument", "cases.view_referral"]
_ADD = ["cases.add_case"]
_CHANGE = ["cases.change_case", "cases.add_casedocument", "cases.change_referral"]


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    portal = Contribution(
        permissions={
            Role.CASE_HANDLER: [*_VIEW, *_ADD, *_CHANGE],
            # A head also opens a case from a troubled arrival of the office.
            Role.OFFICE_HEAD: [*_VIEW, *_ADD, *_CHANGE, "cases.assign_case"],
            # Walk-in complaints at the counter; cases from arrivals and interceptions at the post.
            Role.COUNTER_OFFICER: [*_VIEW, *_ADD],
            Role.AIRPORT_OFFICER: [*_VIEW, *_ADD],
            Role.REGIONAL_HEAD: _VIEW,
            Role.NATIONAL_ANALYST: _VIEW,
            Role.ADMINISTRATOR: [*_VIEW, "cases.transfer_case"],
        },
        navigation=[
            NavEntry(_("Cases"), "cases:list", "shield-exclamation", "cases.view_case", 30),
        ],
        urls=("cases/", "cases.urls"),
        more_urls=(("lapor/", "cases.public_urls"),),
        api_routes=[
            ApiRoute("cases", "cases.api.CaseViewSet", "case"),
            ApiRoute("reports", "cases.api.PublicReportViewSet", "report"),
        ],
        notification_kinds="cases.notices.KINDS",
        digest="cases.notices.digest",
        notification_scans=("cases.notices.deadlines_missed",),
        dashboard="cases.dashboard.section",
        summaries="cases.dashboard.SUMMARIES",
        home_figures="cases.dashboard.home_figures",
    )
