"""The main menu: one list, each entry shown only to the users whose job needs it."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    icon: str
    visible_to: Callable[[object], bool]


def _everyone(user) -> bool:
    return user.is_authenticated


def _staff_admins(user) -> bool:
    return user.is_active and user.is_staff


def _holding(permission: str) -> Callable[[object], bool]:
    def visible(user) -> bool:
        return user.has_perm(permission)

    return visible


# The core's entries; each domain app adds its own (pmi_portal.contributions), placed by order.
CORE_ITEMS: list[tuple[int, NavItem]] = [
    (0, NavItem(_("Home"), "home", "house", _everyone)),
    (60, NavItem(_("Offices"), "offices:list", "building", _holding("offices.view_office"))),
    (
        70,
        NavItem(_("Audit trail"), "audit:list", "journal-text", _holding("audit.view_auditevent")),
    ),
    (90, NavItem(_("Administration"), "admin:index", "gear", _staff_admins)),
]


@cache
def nav_items() -> list[NavItem]:
    from pmi_portal.contributions import contributions

    items = list(CORE_ITEMS)
    for contribution in contributions():
        for entry in contribution.navigation:
            item = NavItem(entry.label, entry.url_name, entry.icon, _holding(entry.permission))
            items.append((entry.order, item))
    return [item for _order, item in sorted(items, key=lambda pair: pair[0])]


def menu_for(user, current_path: str) -> list[dict]:
    entries = [
        {"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "active": False}
        for item in nav_items()
        if item.visible_to(user)
    ]
    # The entry whose address is the longest start of the current page is the one shown active.
    matching = [
        entry
        for entry in entries
        if current_path == entry["url"]
        or (entry["url"] != "/" and current_path.startswith(entry["url"]))
    ]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["active"] = True
    return entries
