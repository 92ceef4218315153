from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    """Permissions come from the group named after the user's one role."""

    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(group__name=user_obj.role)
