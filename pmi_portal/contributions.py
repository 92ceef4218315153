"""What a domain app brings to the portal's core, declared in its own AppConfig.

An app sets `portal = Contribution(...)` on its AppConfig: the permissions each role holds
on its records, its menu entries, its pages' URLs, its API routes and its other API endpoints.
The core (roles, menu, URLconf, API router) reads them from every installed app, so a new app
touches only its own files.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavEntry:
    label: Promise
    url_name: str
    icon: str  # a Bootstrap Icons name
    permission: str  # shown to users holding it
    order: int = 50  # place in the menu, lower first; the core's entries are 0-10 and 90+
    group: Promise | None = None  # entries of one group share a drop-down


@dataclass(frozen=True)
class ApiRoute:
    prefix: str  # under /api/v1/
    viewset: str  # dotted path, imported when the URLconf is built
    basename: str


@dataclass(frozen=True)
class Contribution:
    # role (access.roles.Role value) -> ["app_label.codename", ...]
    permissions: dict[str, list[str]] = field(default_factory=dict)
    navigation: list[NavEntry] = field(default_factory=list)
    # (path prefix, URLconf module with its own app_name), e.g. ("registry/", "placements.urls")
    urls: tuple[str, str] | None = None
    api_routes: list[ApiRoute] = field(default_factory=list)
    # A URLconf module whose urlpatterns go under /api/v1/: endpoints that are no viewset,
    # e.g. "pmi_portal.identity.api_urls"; its names are in the "api" namespace.
    api_urls: str | None = None
    # More (prefix, URLconf) mounts where an app's pages live under a second address fixed by
    # the contract, e.g. the public report form at /lapor/ beside the staff pages.
    more_urls: tuple[tuple[str, str], ...] = ()
    # Dotted path to the list of notification kinds the app sends (pmi_portal.notifications).
    notification_kinds: str | None = None
    # Dotted path to a function (user, since, until) -> [DigestLine]: the app's part of the
    # daily digest of heads, over the user's own scope.
    digest: str | None = None
    # Dotted paths of functions (now=None) -> int that look for what is due to be told (an
    # overdue handover, a missed deadline); Celery beat runs them every few minutes.
    notification_scans: tuple[str, ...] = ()
    # Dotted path to a function (user, filters) -> dashboards.sections.Section: the app's
    # figures on the heads' dashboard, over the user's own scope (`restrict`), decorated with
    # `dashboards.sections.dashboard_section` so the API's schema can describe them.
    dashboard: str | None = None
    # Dotted path to a function (user, filters) -> (title, [dashboards.sections.Figure]) or
    # None: a few of the app's figures of the month for staff on their home page, read from its
    # summaries over the user's own scope; None for a user who may not see its records.
    home_figures: str | None = None
    # Dotted path to the list of `dashboards.summaries.Summary` the app's dashboard reads:
    # counts kept current by a periodic refresh instead of the raw tables.
    summaries: str | None = None
    # Dotted paths of the names (web.versioned.kept) of values kept per user that every page
    # reads, e.g. the unread count: read in the same round trip as the user (access.backends).
    kept_with_user: tuple[str, ...] = ()

    def url_mounts(self) -> list[tuple[str, str]]:
        return [*([self.urls] if self.urls is not None else []), *self.more_urls]


@cache
def contributions() -> tuple[Contribution, ...]:
    """The contributions of the installed apps, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        contribution = getattr(config, "portal", None)
        if isinstance(contribution, Contribution):
            found.append(contribution)
    return tuple(found)
