"""The dashboard's figures: each installed app's section over the user's scope, read from the
summary tables (pmi_portal.dashboards.summaries) and kept in the cache per scope, filters and
refresh until the next refresh."""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import redis
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import get_language

from pmi_portal.access.scoping import scope_key
from pmi_portal.contributions import contributions
from pmi_portal.dashboards.sections import Filters, Section, SectionSpec
from pmi_portal.dashboards.summaries import summaries_as_of
from pmi_portal.web.versioned import kept_by_key

T = TypeVar("T")


@dataclass(frozen=True)
class Figures:
    sections: list[Section]
    as_of: object  # aware datetime: when the summaries read were refreshed
    # What the figures are kept under in the cache: their scope, filters, language and
    # refresh; what is made of them alone (the page's rendered figures) is kept under it too.
    key: str = ""

    def section(self, key: str) -> Section | None:
        return next((section for section in self.sections if section.key == key), None)


def section_functions() -> list:
    """The dashboard functions the installed apps declare, in INSTALLED_APPS order."""
    return [import_string(c.dashboard) for c in contributions() if c.dashboard]


def section_specs() -> list[SectionSpec]:
    return [function.spec for function in section_functions()]


def _scope_key(user) -> str:
    """The user's `scope_key` (all that restrict reads of them) as a short digest for the
    cache's keys."""
    return hashlib.sha256(repr(scope_key(user)).encode()).hexdigest()[:32]


def _figures_key(user, filters: Filters) -> tuple[str, datetime.datetime]:
    """The key of `user`'s figures for `filters` as of the summaries' last refresh, and that
    refresh's time."""
    as_of = summaries_as_of()
    key = (
        f"dashboard:v3:{_scope_key(user)}:{filters.cache_key()}:{get_language()}"
        f":{as_of.timestamp()}"
    )
    return key, as_of


def dashboard_figures(user, filters: Filters, *, keyed=None) -> Figures:
    """The sections of `user`'s dashboard for `filters`, as of the summaries' last refresh."""
    key, as_of = keyed or _figures_key(user, filters)
    return _kept(
        key,
        lambda: Figures(
            sections=[function(user, filters) for function in section_functions()],
            as_of=as_of,
            key=key,
        ),
    )


def kept_with_figures(user, filters: Filters, name: str, compute: Callable[[Figures], T]):
    """What `compute` makes of `user`'s figures for `filters` alone, kept in the cache beside
    them (`name` tells it apart from the rest made of them) and in this process's memory (its
    key holds the refresh: a new refresh is a new key), and the figures' refresh time; the
    figures are read only when it is not kept. A page's rendered figures weigh up to ~110 KB:
    fetched from Redis for every view they cost more than the rest of the page's cache reads."""
    keyed = _figures_key(user, filters)
    value = _kept(
        f"{keyed[0]}:{name}",
        lambda: compute(dashboard_figures(user, filters, keyed=keyed)),
        here="pages",
    )
    return value, keyed[1]


@dataclass(frozen=True)
class HomeFigures:
    sections: list  # (title, [Figure]) of each app whose records the user may see
    as_of: object


def home_figures(user) -> HomeFigures | None:
    """The month's few figures of the user's own scope for the home page of staff who have
    no dashboard (counter, airport, case staff), from the summaries and kept in the cache per
    scope and refresh; None for the others."""
    if user.has_perm("dashboards.view_dashboard"):
        return None
    today = timezone.localdate()
    start = datetime.date(today.year, today.month, 1)
    filters = Filters(start=start, end=(start + datetime.timedelta(days=31)).replace(day=1))
    as_of = summaries_as_of()
    key = f"home:v1:{_scope_key(user)}:{start:%Y%m}:{get_language()}:{as_of.timestamp()}"

    def computed():
        functions = [import_string(c.home_figures) for c in contributions() if c.home_figures]
        sections = [found for function in functions if (found := function(user, filters))]
        # "" for "no figures for this user": kept, unlike None.
        return HomeFigures(sections, as_of) if sections else ""

    return _kept(key, computed) or None


def _kept(key: str, compute, *, here: str | None = None):
    """What `compute` gives, kept DASHBOARD_CACHE_SECONDS under `key` (0: never kept); with
    `here`, in that cache of this process's memory too (web.versioned.kept_by_key)."""
    ttl = settings.DASHBOARD_CACHE_SECONDS
    if here is not None and ttl > 0:
        try:
            return kept_by_key(key, compute, seconds=ttl, name="dashboard", here=here)
        except (redis.ConnectionError, redis.TimeoutError):
            return compute()
    cached = _cache_call(cache.get, key) if ttl > 0 else None
    if cached is not None:
        return cached
    value = compute()
    if ttl > 0:
        _cache_call(cache.set, key, value, ttl)
    return value


def _cache_call(method, *args):
    """With Redis down the figures are computed afresh: slower, never wrong nor missing."""
    try:
        return method(*args)
    except (redis.ConnectionError, redis.TimeoutError):
        return None
