from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from pmi_portal.access.roles import Role
from pmi_portal.contributions import ApiRoute, Contribution, NavEntry

_OWN = ["notifications.view_notification"]
_OFFICE = ["notifications.view_officesettings", "notifications.change_officesettings"]


class NotificationsConfig(AppConfig):
    name = "pmi_portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    portal = Contribution(
        permissions={
            Role.COUNTER_OFFICER: _OWN,
            Role.AIRPORT_OFFICER: _OWN,
            Role.CASE_HANDLER: _OWN,
            Role.OFFICE_HEAD: [*_OWN, *_OFFICE],
            Role.REGIONAL_HEAD: [*_OWN, *_OFFICE],
            Role.NATIONAL_ANALYST: _OWN,
            Role.ADMINISTRATOR: [
                *_OWN,
                *_OFFICE,
                "notifications.view_delivery",
                "notifications.resend_delivery",
            ],
        },
        navigation=[
            NavEntry(
                _("Failed notifications"),
                "notifications:failed",
                "envelope-exclamation",
                "notifications.view_delivery",
                88,
            ),
        ],
        urls=("notifications/", "pmi_portal.notifications.urls"),
        api_routes=[
            ApiRoute(
                "notifications",
                "pmi_portal.notifications.api.NotificationViewSet",
                "notification",
            )
        ],
        kept_with_user=("pmi_portal.notifications.selectors.UNREAD_CACHE",),
    )
