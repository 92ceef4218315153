from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "pmi_portal.access"
    label = "access"
    verbose_name = _("Staff and access")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from pmi_portal.access.models import User

        post_migrate.connect(_sync_role_groups, dispatch_uid="access_role_groups")
        post_save.connect(_user_changed, sender=User, dispatch_uid="access_user_saved")
        post_delete.connect(_user_changed, sender=User, dispatch_uid="access_user_deleted")


def _user_changed(sender, instance, **kwargs) -> None:
    # Role, office, password (the sessions' hash), activity: the next request reads them anew.
    from pmi_portal.access.backends import USER_CACHE
    from pmi_portal.web.versioned import version_change

    version_change(USER_CACHE, [instance.pk])


def _sync_role_groups(sender, app_config=None, using="default", **kwargs) -> None:
    # post_migrate is sent once per app (after migrations and test flushes); the permissions of
    # every app exist only once the last app with models has had its turn.
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if app_config is not last:
        return
    from pmi_portal.access.services import role_groups_sync

    role_groups_sync()
