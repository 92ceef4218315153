"""What the placements app tells: an agency (P3MI) suspended, revoked or restored concerns
every office, whose counters must stop (or may again) register placements with it."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from placements.models import Agency, Placement
from pmi_portal.access.roles import Role
from pmi_portal.notifications import selectors as recipients
from pmi_portal.notifications.kinds import Kind, label
from pmi_portal.notifications.services import notify

KINDS = [
    Kind(
        "agency_status",
        gettext_lazy("An agency's licence changed"),
        title=lambda p: (
            _("Agency %(agency)s (licence %(licence)s) is now %(status)s")
            % {
                "agency": p["agency"],
                "licence": p["licence"],
                "status": label(Agency.Status.choices, p["status"]),
            }
        ),
        detail=lambda p: _("Reason: %(reason)s") % {"reason": p.get("reason", "")},
    ),
]


def agency_status_changed(agency: Agency, *, change_id: int) -> None:
    """In the change's transaction: every office's heads and counter officers are told."""
    users = [
        *recipients.staff_everywhere(
            permission="placements.add_placement", roles=[Role.COUNTER_OFFICER]
        ),
        *recipients.staff_everywhere(
            permission="placements.view_agency", roles=[Role.OFFICE_HEAD, Role.REGIONAL_HEAD]
        ),
    ]
    notify(
        key=f"agency:{agency.pk}:status:{change_id}",
        kind="agency_status",
        params={
            "agency": agency.name,
            "licence": agency.licence_number,
            "status": agency.status,
            "reason": agency.status_reason,
        },
        link=reverse("placements:agency", kwargs={"pk": agency.pk}),
        subject=agency,
        users=users,
        webhook_offices=recipients.webhook_offices(None, "agency_status"),
    )


def digest(user, since, until) -> list:
    """The placements part of a head's daily digest, over the head's own scope."""
    from pmi_portal.notifications.digest import DigestLine

    placements = Placement.objects.restrict(user)
    return [
        DigestLine(
            _("New placements registered"),
            placements.filter(created_at__gte=since, created_at__lt=until).count(),
            reverse("placements:queue"),
        ),
    ]
