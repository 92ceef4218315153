"""Who is told, and what a user's inbox holds.

Routing uses the offices' working areas, as access scoping does: the staff of an office are
the users of its family (the regional office and its posts, `office_family_ids`), and a role
is told of a record only if it holds the permission to act on it.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from pmi_portal.access.roles import Role, role_permissions
from pmi_portal.notifications.models import Delivery, Notification, OfficeSettings
from pmi_portal.offices import selectors as office_selectors
from pmi_portal.offices.models import Office
from pmi_portal.web.versioned import kept, version_key

# The users' unread counts in the cache (pmi_portal/web/versioned.py): services gives a user's
# count a new version whenever a notification reaches their inbox or is read.
UNREAD_CACHE = "notifications.unread"


def roles_holding(permission: str) -> list[str]:
    return [role for role, perms in role_permissions().items() if permission in perms]


def staff_of(office: Office, *, permission: str, roles: Iterable[str] | None = None) -> QuerySet:
    """Active users of `office`'s family whose role holds `permission` (and is in `roles`)."""
    allowed = set(roles_holding(permission))
    if roles is not None:
        allowed &= set(roles)
    return get_user_model().objects.filter(
        is_active=True,
        role__in=sorted(allowed),
        office__in=office_selectors.office_family_ids(office),
    )


def heads_of(office: Office) -> QuerySet:
    return get_user_model().objects.filter(
        is_active=True,
        role=Role.OFFICE_HEAD,
        office__in=office_selectors.office_family_ids(office),
    )


def headquarters_staff(*, roles: Iterable[str]) -> QuerySet:
    return get_user_model().objects.filter(
        is_active=True, role__in=list(roles), office__kind=Office.Kind.HEADQUARTERS
    )


def staff_everywhere(*, permission: str, roles: Iterable[str]) -> QuerySet:
    allowed = set(roles_holding(permission)) & set(roles)
    return get_user_model().objects.filter(is_active=True, role__in=sorted(allowed))


def webhook_offices(offices: Iterable[Office] | None, kind: str) -> list[Office]:
    """Of `offices` (and the regional offices they belong to), or of every office when None,
    those whose webhook takes `kind`."""
    settings_ = OfficeSettings.objects.exclude(webhook_url="")
    if offices is None:
        settings_ = settings_.select_related("office")
        return [s.office for s in settings_ if s.webhook_active and kind in s.webhook_kinds]
    # The offices are in hand: their settings are read as values, and no office row again.
    wanted = {}
    for office in offices:
        if office is None:
            continue
        wanted[office.pk] = office
        if office.area_office is not None:
            wanted[office.area_office.pk] = office.area_office
    active = settings_.filter(office__in=list(wanted)).values_list(
        "office_id", "webhook_url", "webhook_secret", "webhook_kinds"
    )
    return [
        wanted[office_id]
        for office_id, url, secret, kinds in active
        if OfficeSettings(webhook_url=url, webhook_secret=secret).webhook_active and kind in kinds
    ]


# Which users and webhooks are told of an office's records, kept (pmi_portal/web/versioned.py)
# under one version that a user or an office's settings saved renew (apps.py), and the
# reference data's (the offices' families).
RECEIVERS_CACHE = "notifications.receivers"
RECEIVERS_VERSION = version_key(RECEIVERS_CACHE, "all")


def receivers_of(
    office: Office, *, permission: str, roles: Iterable[str], kind: str
) -> tuple[list, list[Office]]:
    """The users `staff_of(office, permission=, roles=)` gives and the offices
    `webhook_offices([office], kind)` gives. Which ones is kept: the users are read anew by
    those keys with staff_of's conditions (one deactivated or moved since is left out), and
    none when there are none, as at most offices; the two reads cost an arrival 1 ms of CPU."""
    roles = sorted(roles)

    def ids() -> tuple[list[int], list[int]]:
        users = staff_of(office, permission=permission, roles=roles).values_list("pk", flat=True)
        return list(users), [told.pk for told in webhook_offices([office], kind)]

    (user_ids, office_ids), _versions = kept(
        RECEIVERS_CACHE,
        f"{office.pk}:{permission}:{','.join(roles)}:{kind}",
        ids,
        seconds=settings.USER_CACHE_SECONDS,
        along=[RECEIVERS_VERSION, office_selectors.REFERENCE_GENERATION_KEY],
    )
    users = (
        # The users alone, not the office each user's row is read with.
        list(
            staff_of(office, permission=permission, roles=roles)
            .filter(pk__in=user_ids)
            .select_related(None)
        )
        if user_ids
        else []
    )
    offices = {office.pk: office}
    if office.area_office is not None:
        offices[office.area_office.pk] = office.area_office
    return users, [offices[pk] for pk in office_ids]


def inbox(user, *, unread_only: bool = False) -> QuerySet:
    notifications = Notification.objects.inbox_of(user).select_related("event")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """How many notifications of the user's inbox are unread: counted once, then kept until
    one reaches the inbox or is read (UNREAD_CACHE_SECONDS at most). A user of the session
    brings it from their own round trip (access.backends, the app's `kept_with_user`)."""
    count, _versions = kept(
        UNREAD_CACHE,
        user.pk,
        lambda: Notification.objects.inbox_of(user).filter(read_at__isnull=True).count(),
        seconds=settings.UNREAD_CACHE_SECONDS,
        read=getattr(user, "kept_read_ahead", None),
    )
    return count


def failed_deliveries() -> QuerySet:
    return (
        Delivery.objects.filter(status=Delivery.Status.FAILED)
        .select_related("notification__event", "notification__user", "notification__office")
        .order_by("-created_at", "-pk")
    )
