from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import ApiRoute, Contribution, NavEntry

_STANDARDS = ["service_quality.view_servicestandard"]
_SATISFACTION = ["service_quality.view_surveyanswer", "service_quality.view_servicetime"]
# The counter's pages measure the service time of whoever serves.
_MEASURED = ["service_quality.add_servicetime"]


class ServiceQualityConfig(AppConfig):
    """The counter as a public-service unit: published service standards and the community
    satisfaction survey (SKM, PermenPANRB 14/2017)."""

    name = "service_quality"
    verbose_name = _("Service quality")

    portal = Contribution(
        permissions={
            Role.COUNTER_OFFICER: [*_STANDARDS, *_MEASURED],
            Role.OFFICE_HEAD: [
                *_STANDARDS,
                *_SATISFACTION,
                *_MEASURED,
                "service_quality.change_servicestandard",
            ],
            Role.REGIONAL_HEAD: [*_STANDARDS, *_SATISFACTION],
            Role.NATIONAL_ANALYST: [*_STANDARDS, *_SATISFACTION],
            Role.ADMINISTRATOR: [*_STANDARDS, *_SATISFACTION],
        },
        navigation=[
            NavEntry(
                _("Service standards"),
                "service_quality:standards",
                "card-checklist",
                "service_quality.view_servicestandard",
                50,
                group=_("Public service"),
            ),
            NavEntry(
                _("Satisfaction (SKM)"),
                "service_quality:satisfaction",
                "emoji-smile",
                "service_quality.view_surveyanswer",
                51,
                group=_("Public service"),
            ),
            NavEntry(
                _("Service time"),
                "service_quality:service_time",
                "stopwatch",
                "service_quality.view_servicetime",
                52,
                group=_("Public service"),
            ),
        ],
        urls=("service/", "service_quality.urls"),
        more_urls=(
            ("layanan/", "service_quality.public_urls"),
            ("skm/", "service_quality.survey_urls"),
        ),
        api_routes=[ApiRoute("survey", "service_quality.api.SurveyViewSet", "survey")],
    )
