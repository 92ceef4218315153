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
from django.http import Http404
from rest_framework import mixins, viewsets
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.settings import api_settings

from pmi_portal.access.scoping import audit_if_out_of_scope, ensure_in_scope
from pmi_portal.api.permissions import RoleHoldsActionPermission
from pmi_portal.web.middleware import CONTROL_CHARACTERS, control_character_message

SEARCH_PARAMETER = "q"

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

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            lookup = self.lookup_url_kwarg or self.lookup_field
            audit_if_out_of_scope(
                self.queryset.model,
                self.request.user,
                self.get_scope_action(),
                **{self.lookup_field: self.kwargs.get(lookup)},
            )
            raise

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refused = {
            name: [ErrorDetail(control_character_message(name), "null_characters_not_allowed")]
            for name in self._query_parameters_read()
            if any(CONTROL_CHARACTERS.search(value) for value in request.query_params.getlist(name))
        }
        if refused:
            raise ValidationError(refused)

    def _query_parameters_read(self) -> set[str]:
        """The query parameters this endpoint reads (PostgreSQL refuses NUL in any of them)."""
        names = {SEARCH_PARAMETER, api_settings.ORDERING_PARAM}
        names.update(getattr(self, "filterset_fields", None) or ())
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names.update(filterset_class.base_filters)
        paginator = self.paginator
        for attribute in ("page_query_param", "page_size_query_param", "cursor_query_param"):
            if getattr(paginator, attribute, None):
                names.add(getattr(paginator, attribute))
        return names

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
