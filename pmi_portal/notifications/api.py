"""/api/v1/notifications/: the user's own inbox, newest first, and marking one read.

Another user's notification is "not found" (404), the same as one that does not exist.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from pmi_portal.api.filters import StrictFilterSet
from pmi_portal.api.permissions import HoldsViewPermission
from pmi_portal.notifications import selectors, services
from pmi_portal.notifications.channels import absolute
from pmi_portal.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="event.kind", help_text=_("The kind of event."))
    title = serializers.SerializerMethodField(help_text=_("What happened, in your language."))
    detail = serializers.SerializerMethodField(help_text=_("More about it, in your language."))
    link = serializers.SerializerMethodField(help_text=_("The record's page in the portal."))
    unread = serializers.SerializerMethodField(help_text=_("Not yet read."))
    id = serializers.IntegerField(help_text=_("The notification's id."))
    created_at = serializers.DateTimeField(help_text=_("When it happened."))
    read_at = serializers.DateTimeField(
        allow_null=True, help_text=_("When you read it; null while unread.")
    )

    class Meta:
        model = Notification
        fields = ["id", "kind", "title", "detail", "link", "unread", "created_at", "read_at"]
        read_only_fields = fields

    def get_title(self, notification) -> str:
        return services.render(notification.event)[0]

    def get_detail(self, notification) -> str:
        return services.render(notification.event)[1]

    def get_link(self, notification) -> str:
        link = notification.event.link
        return absolute(link) if link else ""

    def get_unread(self, notification) -> bool:
        return notification.read_at is None


class NotificationFilter(StrictFilterSet):
    unread = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_unread",
        label=_("Only unread (true) or only read (false)."),
    )

    class Meta:
        model = Notification
        fields = ["unread"]

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value == "true")


@extend_schema_view(
    list=extend_schema(summary=_("Your notifications, newest first")),
)
class NotificationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Notification.objects.none()
    serializer_class = NotificationSerializer
    permission_classes = [HoldsViewPermission]
    required_permission = "notifications.view_notification"
    filterset_class = NotificationFilter
    ordering_fields = []

    def get_queryset(self):
        return selectors.inbox(self.request.user)

    @extend_schema(
        summary=_("Mark one of your notifications read"),
        request=None,
        responses=NotificationSerializer,
    )
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        try:
            notification_id = int(pk)
        except (TypeError, ValueError):
            raise NotFound from None
        try:
            notification = services.notification_read(
                user=request.user, notification_id=notification_id
            )
        except Notification.DoesNotExist:
            raise NotFound from None
        return Response(self.get_serializer(notification).data)
