"""The main menu: one list, each entry shown only to the users whose job needs it."""

from collections import Counter
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
    # Entries of one group share a drop-down when a user sees more than one of them.
    group: Promise | None = None


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
            item = NavItem(
                entry.label, entry.url_name, entry.icon, _holding(entry.permission), entry.group
            )
            items.append((entry.order, item))
    return [item for _order, item in sorted(items, key=lambda pair: pair[0])]


def menu_for(user, current_path: str) -> list[dict]:
    """The user's menu: entries in order, those of one group gathered in a drop-down (a head
    sees a dozen entries; on a laptop they must fit on one line)."""
    entries = [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "icon": item.icon,
            "active": False,
            "group": item.group,
        }
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
    sizes = Counter(str(entry["group"]) for entry in entries if entry["group"])
    menu: list[dict] = []
    groups: dict[str, dict] = {}
    for entry in entries:
        key = str(entry["group"]) if entry["group"] else None
        if key is None or sizes[key] < 2:
            menu.append(entry)
        elif key in groups:
            groups[key]["children"].append(entry)
            groups[key]["active"] |= entry["active"]
        else:
            groups[key] = {
                "label": entry["group"],
                "icon": entry["icon"],
                "active": entry["active"],
                "children": [entry],
                "slug": f"menu-group-{len(groups) + 1}",
            }
            menu.append(groups[key])
    return menu
