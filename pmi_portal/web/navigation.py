"""The main menu: one list, each entry shown only to the users whose job needs it."""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
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


def _visible(user) -> tuple[int, ...]:
    """The positions in nav_items() of the entries `user` sees: the same for every user who
    holds the same permissions (access.backends: a role's), so worked out once per process for
    each set of them."""
    if not user.is_authenticated:
        return ()
    kind = (
        user.is_active,
        user.is_staff,
        user.is_superuser,
        None if user.is_superuser else frozenset(user.get_all_permissions()),
    )
    visible = _VISIBLE.get(kind)
    if visible is None:
        visible = tuple(index for index, item in enumerate(nav_items()) if item.visible_to(user))
        if len(_VISIBLE) < 1024:
            _VISIBLE[kind] = visible
    return visible


_VISIBLE: dict[tuple, tuple[int, ...]] = {}


@cache
def _address(url_name: str, script_prefix: str) -> str:
    return reverse(url_name)


def _active(visible: tuple[int, ...], current_path: str, prefix: str) -> str | None:
    """The address shown active: the entry's whose address is the longest start of the page's."""
    items = nav_items()
    matching = [
        url
        for url in (_address(items[index].url_name, prefix) for index in visible)
        if current_path == url or (url != "/" and current_path.startswith(url))
    ]
    return max(matching, key=len) if matching else None


def _menu(visible: tuple[int, ...], active: str | None, prefix: str) -> list[dict]:
    """The entries in order, those of one group gathered in a drop-down (a head sees a dozen
    entries; on a laptop they must fit on one line)."""
    items = nav_items()
    entries = []
    for index in visible:
        item = items[index]
        url = _address(item.url_name, prefix)
        entries.append(
            {
                "label": item.label,
                "url": url,
                "icon": item.icon,
                "active": url == active,
                "group": item.group,
            }
        )
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


def menu_for(user, current_path: str) -> list[dict]:
    """The user's menu on the page at `current_path`."""
    prefix = get_script_prefix()
    visible = _visible(user)
    return _menu(visible, _active(visible, current_path, prefix), prefix)


@lru_cache(maxsize=1024)
def _rendered(visible: tuple[int, ...], active: str | None, language: str, prefix: str) -> str:
    return render_to_string("web/menu.html", {"menu": _menu(visible, active, prefix)})


def menu_html(user, current_path: str) -> str:
    """The menu's markup (web/menu.html), rendered once per process for each set of entries,
    active entry and language: what a role sees changes only with the code."""
    prefix = get_script_prefix()
    visible = _visible(user)
    return _rendered(visible, _active(visible, current_path, prefix), get_language(), prefix)
