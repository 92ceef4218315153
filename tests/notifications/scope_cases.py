"""The notification pages and how each proves its scoping (see tests/access).

A notification belongs to its recipient alone: another office and headquarters alike get 404.
"""

from django.contrib.auth import get_user_model

from pmi_portal.notifications.models import Event, Notification
from tests.access.scope_cases import ScopeCase

# Each user's own inbox, unread count and choices; an office head's own office's gateway; and
# the failed deliveries, which administrators (nationwide) see and send again.
SAME_FOR_ALL_STAFF = {
    "notifications:inbox",
    "notifications:unread",
    "notifications:read_all",
    "notifications:preferences",
    "notifications:office",
    "notifications:failed",
    "notifications:resend",
}


def _notification_of_serangs_head():
    event = Event.objects.create(
        key="uji:scope",
        kind="case_new",
        params={"reference": "KSS-1", "case_type": "abuse", "state": "reported"},
        link="/cases/",
    )
    return Notification.objects.create(
        event=event,
        user=get_user_model().objects.get(username="head.serang.uji"),
        delivered_at=event.created_at,
    )


SCOPE_CASES = [
    ScopeCase(
        "notifications:open",
        "detail",
        _notification_of_serangs_head,
        kwargs=lambda n: {"pk": n.pk},
        national_may=False,
    ),
    ScopeCase(
        "notifications:read",
        "detail",
        _notification_of_serangs_head,
        kwargs=lambda n: {"pk": n.pk},
        method="post",
        national_may=False,
    ),
]
