"""The base of every domain endpoint: the office scoping of the web views, applied the same way.

A domain app's endpoint is a few lines::

    class WorkerViewSet(ScopedReadOnlyModelViewSet):
        queryset = Worker.objects.all()
        serializer_class = WorkerSerializer
        filterset_fields = ["regency"]
        ordering_fields = ["registered_at"]

and a custom action names the permission it needs:
`@action(detail=True, methods=["post"], scope_action="change")`.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from rest_framework import mixins, viewsets

from pmi_portal.access.scoping import ensure_in_scope
from pmi_portal.api.permissions import RoleHoldsActionPermission

ACTION_SCOPES = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
    "metadata": "view",  # OPTIONS: the description of the endpoint
    None: "view",  # a method the endpoint lacks: refused with 405 once the user is known
}


class ScopedGenericViewSet(viewsets.GenericViewSet):
    permission_classes = [RoleHoldsActionPermission]
    scope_action: str | None = None  # set by `@action(..., scope_action=...)`

    def get_scope_action(self) -> str:
        if self.scope_action is not None:
            return self.scope_action
        try:
            return ACTION_SCOPES[self.action]
        except KeyError:
            raise ImproperlyConfigured(
                f"{type(self).__name__}.{self.action}: give @action a scope_action "
                "('view', 'add', 'change' or 'delete')"
            ) from None

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, self.get_scope_action())

    def perform_create(self, serializer) -> None:
        with transaction.atomic():
            ensure_in_scope(serializer.save(), self.request.user, "add")

    def perform_update(self, serializer) -> None:
        with transaction.atomic():
            ensure_in_scope(serializer.save(), self.request.user, "change")


class ScopedReadOnlyModelViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet
):
    pass


class ScopedModelViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedReadOnlyModelViewSet,
):
    pass
