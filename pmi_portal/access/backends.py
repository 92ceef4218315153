from functools import cache

from django.contrib.auth.backends import ModelBackend

from pmi_portal.access.roles import role_permissions


@cache
def permissions_of_role(role: str) -> frozenset[str]:
    """The "app_label.codename" permissions `role` holds, as access.roles declares them."""
    return frozenset(role_permissions().get(role, ()))


class RoleBackend(ModelBackend):
    """Permissions come from the user's one role, as declared in code (access.roles), and from
    nothing else: a user holds no permission of their own.

    The role's group holds the same permissions (role_groups_sync after every migrate), for the
    admin and for reports; a request reads the declaration, with no query. The admin cannot edit
    the groups (access.admin) nor a user's own permissions.
    """

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str] | frozenset[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_group_permissions(user_obj, obj)
        return permissions_of_role(user_obj.role)
