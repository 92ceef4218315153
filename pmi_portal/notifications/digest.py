"""The daily digest: for office and regional heads, what happened in their area over the last
day; for anyone who chose a digest instead of single e-mails, their notifications of the day.

Celery beat runs `digest_tick` every few minutes; a user's digest is due once their office's
local time (WIB/WITA/WIT) has passed the office's digest time, and is made once a day: its
event key holds the user and the local date.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pmi_portal.access.roles import Role
from pmi_portal.notifications.kinds import Kind
from pmi_portal.notifications.models import (
    DEFAULT_DIGEST_TIME,
    EmailMode,
    Event,
    OfficeSettings,
)
from pmi_portal.offices.models import Office

HEADS = (Role.OFFICE_HEAD, Role.REGIONAL_HEAD)


@dataclass(frozen=True)
class DigestLine:
    """One figure of the digest: label, count and where to see the records behind it."""

    label: str
    count: int
    link: str = ""


def _title(params: dict) -> str:
    return _("Daily digest of %(date)s") % {"date": params.get("date", "")}


def _detail(params: dict) -> str:
    return params.get("digest_text", "")


KINDS = [
    Kind(
        "digest",
        gettext_lazy("Daily digest"),
        title=_title,
        detail=_detail,
        webhook=False,
    )
]


def sections_for(user, since: datetime.datetime, until: datetime.datetime) -> list[DigestLine]:
    from pmi_portal.contributions import contributions

    lines: list[DigestLine] = []
    for contribution in contributions():
        if contribution.digest:
            lines += import_string(contribution.digest)(user, since, until)
    return lines


def _own_notifications(user, since, until) -> list[str]:
    from pmi_portal.notifications.services import render

    events = (
        Event.objects.filter(notifications__user=user, created_at__gte=since, created_at__lt=until)
        .exclude(kind="digest")
        .order_by("created_at")[:50]
    )
    return [render(event)[0] for event in events]


def digest_text(user, since, until) -> tuple[str, list[dict]]:
    """The digest as plain text (e-mail, in-app) and its figures (for the webhook-free record)."""
    lines = sections_for(user, since, until) if user.role in HEADS else []
    own = _own_notifications(user, since, until)
    text = []
    if lines:
        text.append(_("Your area over the last day:"))
        text += [f"- {line.label}: {line.count}" for line in lines]
    if own:
        text += ["", _("Your notifications over the last day:")]
        text += [f"- {title}" for title in own]
    if not lines and not own:
        text.append(_("Nothing new over the last day."))
    figures = [{"label": line.label, "count": line.count, "link": line.link} for line in lines]
    return "\n".join(text), figures


def _wants_digest():
    return Q(role__in=HEADS) | Q(notification_settings__email_mode=EmailMode.DIGEST)


def digests_due(now: datetime.datetime | None = None) -> int:
    """Make the digests that are due; returns how many were made."""
    from django.utils import translation

    from pmi_portal.notifications.services import notify

    now = now or timezone.now()
    times = {s.office_id: s.digest_time for s in OfficeSettings.objects.all()}
    made = 0
    for office in Office.objects.all():
        tz = zoneinfo.ZoneInfo(office.timezone)
        local = now.astimezone(tz)
        at = times.get(office.pk, DEFAULT_DIGEST_TIME)
        if local.time() < at:
            continue
        day = local.date()
        until = datetime.datetime.combine(day, at, tzinfo=tz)
        since = until - datetime.timedelta(days=1)
        users = get_user_model().objects.filter(_wants_digest(), office=office, is_active=True)
        done = set(
            Event.objects.filter(
                key__in=[f"digest:{user.pk}:{day.isoformat()}" for user in users]
            ).values_list("key", flat=True)
        )
        for user in users:
            key = f"digest:{user.pk}:{day.isoformat()}"
            if key in done:
                continue
            with translation.override("id"):
                text, figures = digest_text(user, since, until)
            made += bool(
                notify(
                    key=key,
                    kind="digest",
                    params={
                        "date": day.strftime("%d/%m/%Y"),
                        "digest_text": text,
                        "figures": figures,
                    },
                    link=reverse("notifications:inbox"),
                    office=office,
                    users=[user],
                )
            )
    return made
