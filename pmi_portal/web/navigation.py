"""The main menu: one list, each entry shown only to the users whose job needs it."""

from collections.abc import Callable
from dataclasses import dataclass

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


NAV_ITEMS: list[NavItem] = [
    NavItem(_("Home"), "home", "house", _everyone),
    NavItem(_("Workers"), "placements:search", "people", _holding("placements.view_worker")),
    NavItem(
        _("Waiting on us"), "placements:queue", "hourglass-split", _holding("placements.add_worker")
    ),
    NavItem(
        _("Possible duplicates"),
        "placements:duplicates",
        "people-fill",
        _holding("placements.change_possibleduplicate"),
    ),
    NavItem(_("Agencies"), "placements:agencies", "briefcase", _holding("placements.view_agency")),
    NavItem(_("Offices"), "offices:list", "building", _holding("offices.view_office")),
    NavItem(_("Audit trail"), "audit:list", "journal-text", _holding("audit.view_auditevent")),
    NavItem(_("Administration"), "admin:index", "gear", _staff_admins),
]


def menu_for(user, current_path: str) -> list[dict]:
    entries = [
        {"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "active": False}
        for item in NAV_ITEMS
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
