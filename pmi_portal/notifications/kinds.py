"""The kinds of event people are told of. Each domain app declares its own in a module named by
its Contribution (`notification_kinds`); the core knows them only through this registry.

A kind's `title` goes out by e-mail and webhook too, so it names no person and no identity
number: a reference, a flight, a region. Its `detail` is shown inside the portal only, where
the reader's scope was checked, and may name the person.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from django.utils.functional import Promise
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise  # on the settings page: what a user chooses channels for
    title: Callable[[dict], str]
    detail: Callable[[dict], str] = field(default=lambda params: "")
    # E-mail is on unless the user turns it off; in-app is always on unless turned off.
    email_default: bool = True
    # Sent to office webhooks (SMS/WhatsApp) that subscribe to it.
    webhook: bool = True


@cache
def registry() -> dict[str, Kind]:
    from pmi_portal.contributions import contributions

    kinds: dict[str, Kind] = {}
    for module_kinds in [
        "pmi_portal.notifications.digest.KINDS",
        *(c.notification_kinds for c in contributions() if c.notification_kinds),
    ]:
        for kind in import_string(module_kinds):
            if kind.code in kinds:
                raise ValueError(f"notification kind {kind.code} is declared twice")
            kinds[kind.code] = kind
    return kinds


def kind_of(code: str) -> Kind:
    return registry()[code]


def choices() -> list[tuple[str, Promise]]:
    return [(kind.code, kind.label) for kind in registry().values()]


def webhook_choices() -> list[tuple[str, Promise]]:
    return [(kind.code, kind.label) for kind in registry().values() if kind.webhook]


def when(iso: str | None) -> str:
    """A stored ISO time, in the portal's time zone and the reader's format."""
    from django.utils import formats, timezone
    from django.utils.dateparse import parse_datetime

    moment = parse_datetime(iso) if iso else None
    if moment is None:
        return "-"
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def label(choices, code: str) -> str:
    return str(dict(choices).get(code, code))
