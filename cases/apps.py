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

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cases.models import Case

        post_save.connect(_case_changed, sender=Case, dispatch_uid="cases_case_saved")
        post_delete.connect(_case_changed, sender=Case, dispatch_uid="cases_case_deleted")


def _case_changed(sender, instance, **kwargs) -> None:
    # A case saved or deleted: the lists count anew (a queryset's update() calls cases_changed).
    from cases.selectors import cases_changed

    cases_changed()
