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

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from pmi_portal.access.models import User
        from pmi_portal.notifications.models import OfficeSettings

        for model in (User, OfficeSettings):
            post_save.connect(
                _receivers_changed, sender=model, dispatch_uid=f"receivers_{model._meta.label}"
            )
            post_delete.connect(
                _receivers_changed, sender=model, dispatch_uid=f"receivers_gone_{model._meta.label}"
            )


def _receivers_changed(sender, instance, **kwargs) -> None:
    # A user's role, office or activity, an office's webhook: who is told is read anew.
    from pmi_portal.notifications.selectors import RECEIVERS_CACHE
    from pmi_portal.web.versioned import version_change

    version_change(RECEIVERS_CACHE, ["all"])
