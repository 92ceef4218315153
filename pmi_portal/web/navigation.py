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
    NavItem(_("Offices"), "offices:list", "building", _holding("offices.view_office")),
    NavItem(_("Audit trail"), "audit:list", "journal-text", _holding("audit.view_auditevent")),
    NavItem(_("Administration"), "admin:index", "gear", _staff_admins),
]


def menu_for(user, current_path: str) -> list[dict]:
    entries = []
    for item in NAV_ITEMS:
        if not item.visible_to(user):
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        entries.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return entries
