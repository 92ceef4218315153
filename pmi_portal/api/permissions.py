from rest_framework.permissions import BasePermission

from pmi_portal.access.scoping import permission_for


class RoleHoldsActionPermission(BasePermission):
    """403 unless the user's role holds the permission of the view's action on its model.

    Which rows the user reaches is the scoping's business (`restrict`): out of scope is 404.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        model = view.queryset.model
        return user.has_perm(permission_for(model, view.get_scope_action()))


class HoldsViewPermission(BasePermission):
    """403 unless the user holds the view's `required_permission`: for an endpoint over no model."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm(view.required_permission))
