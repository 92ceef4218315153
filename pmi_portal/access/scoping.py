"""Office scoping: the one primitive every list, detail, export, API view and routing uses.

A model opts in by using `RestrictedQuerySet` and naming where its region and owning office
live (`scope_regions`, `scope_offices`: lookups ending in a Regency or Office foreign key) and,
where a record is given to one person (a case assigned to a handler), who holds it
(`scope_assignees`: lookups ending in a user foreign key). `restrict(user, action)` returns
nothing by default: only rows in the user's scope, and only if the user's role holds the
permission for the action. A table derived from another (a dashboard's summary of counts)
names it in `scope_permissions_from`, and is read by those who may read its source.

Out of scope and "does not exist" are one answer: services raise `NotFoundOrNotYours`, and the
web and API layers turn it into 404.
"""

import copy
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.http import Http404
from redis.exceptions import RedisError

from pmi_portal.access.roles import ScopeLevel
from pmi_portal.offices import selectors as office_selectors
from pmi_portal.offices.models import Office, Regency
from pmi_portal.web.versioned import kept_by_key

logger = logging.getLogger(__name__)


class NotFoundOrNotYours(LookupError):
    """The record does not exist, or is outside the user's scope: the caller cannot tell."""


@dataclass(frozen=True)
class Scope:
    national: bool
    regency_codes: frozenset[str]
    office_ids: frozenset[int]

    @property
    def is_empty(self) -> bool:
        return not self.national and not self.regency_codes and not self.office_ids


NOTHING = Scope(national=False, regency_codes=frozenset(), office_ids=frozenset())
EVERYTHING = Scope(national=True, regency_codes=frozenset(), office_ids=frozenset())


def scope_of(user) -> Scope:
    """The regencies and offices `user` may see; once per user object, and from the cache
    while the user's role and office and the working areas stay as they were."""
    cached = getattr(user, "_pmi_scope", None)
    if cached is not None:
        return cached
    if (
        settings.SCOPE_CACHE_SECONDS
        and user.is_authenticated
        and user.is_active
        and user.scope_level != ScopeLevel.NATIONAL
    ):
        scope = _cached_scope(user)
    else:
        scope = _compute_scope(user)
    if user.is_authenticated:
        user._pmi_scope = scope
    return scope


def _cached_scope(user) -> Scope:
    # The key names all the scope is computed from: a new role, office or reference data is a
    # new key, and the old entry is never read again.
    try:
        key = (
            f"access.scope:{office_selectors.reference_generation()}:{user.pk}:"
            f"{user.is_superuser}:{user.role}:{user.office_id}"
        )
        return kept_by_key(
            key, lambda: _compute_scope(user), seconds=settings.SCOPE_CACHE_SECONDS, name="scope"
        )
    except RedisError:
        logger.warning("cache unreachable: the scope is computed", exc_info=True)
        return _compute_scope(user)


def _compute_scope(user) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    level = user.scope_level
    if level == ScopeLevel.NATIONAL:
        return EVERYTHING
    office = user.office
    if level == ScopeLevel.PROVINCE:
        provinces = office_selectors.area_province_codes(office)
        codes = frozenset(
            Regency.objects.filter(province__in=provinces).values_list("code", flat=True)
        )
        area_offices = Office.objects.filter(regencies__province__in=provinces).distinct()
        office_ids = frozenset(
            Office.objects.filter(Q(pk__in=area_offices) | Q(parent__in=area_offices)).values_list(
                "pk", flat=True
            )
        )
        return Scope(False, codes, office_ids | {office.pk})
    return Scope(
        False,
        office_selectors.area_regency_codes(office),
        office_selectors.office_family_ids(office),
    )


def within_office(user, office: Office):
    """`user` as they would read one office's records: what lies both in their own scope and
    in `office`'s working area (an office's report for a regional or national head). A copy of
    the user, with their permissions and `office` as theirs; never saved."""
    theirs = scope_of(user)
    regencies = office_selectors.area_regency_codes(office)
    offices = office_selectors.office_family_ids(office)
    if not theirs.national:
        regencies, offices = regencies & theirs.regency_codes, offices & theirs.office_ids
    narrowed = copy.copy(user)
    narrowed.office = office
    narrowed._pmi_scope = Scope(False, frozenset(regencies), frozenset(offices))
    return narrowed


def scope_filter(user, model) -> Q | None:
    """The filter that keeps `model`'s rows in `user`'s scope; None means every row."""
    scope = scope_of(user)
    if scope.national:
        return None
    condition = Q(pk__in=[])
    for lookup in getattr(model, "scope_regions", ()):
        condition |= Q(**{f"{lookup}__in": sorted(scope.regency_codes)})
    for lookup in getattr(model, "scope_offices", ()):
        condition |= Q(**{f"{lookup}__in": sorted(scope.office_ids)})
    for lookup in getattr(model, "scope_assignees", ()):
        condition |= Q(**{lookup: user.pk})
    return condition


def scope_key(user, model=None, action: str = "view") -> tuple | None:
    """Everything that the SQL of `restrict(user, action)` reads of `user`, as a key that
    stays the same across processes (sorted, of strings and numbers): two users with equal
    keys are given the same rows, so what is computed from those rows may be kept under it.

    For one `model`: None when the user may not `action` its rows (restrict matches nothing);
    otherwise the scope, and the user where the model's rows are also theirs by assignment
    (`scope_assignees`) below the national level. Without a model, what restrict may read of
    the user for any model (a dashboard's many tables): the role, which holds the permissions,
    and below the national level the scope and the user."""
    if model is not None and not _may(user, model, action):
        return None
    scope = scope_of(user)
    if model is not None:
        if scope.national:
            return ("national",)
        assignee = user.pk if getattr(model, "scope_assignees", ()) else None
        return (_sorted_scope(scope), assignee)
    if scope.national:
        return ("national", user.role)
    return (user.role, user.pk, _sorted_scope(scope))


def _sorted_scope(scope: Scope) -> tuple:
    return tuple(sorted(scope.regency_codes)), tuple(sorted(scope.office_ids))


def permission_for(model, action: str) -> str:
    opts = getattr(model, "scope_permissions_from", model)._meta
    return f"{opts.app_label}.{action}_{opts.model_name}"


def _may(user, model, action: str) -> bool:
    """Whether `user` is logged in and holds the permission to `action` rows of `model`,
    wherever they lie (the scope is judged apart)."""
    return (
        user is not None and user.is_authenticated and user.has_perm(permission_for(model, action))
    )


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view"):
        """Rows of this queryset that `user` may `action`; none by default."""
        if not _may(user, self.model, action):
            return self.none()
        condition = scope_filter(user, self.model)
        return self if condition is None else self.filter(condition)


def get_in_scope(queryset, user, action: str = "view", **lookup):
    """One row in `user`'s scope; `NotFoundOrNotYours` alike for "not yours" and "none"."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFoundOrNotYours from None


def get_in_scope_or_404(queryset, user, action: str = "view", **lookup):
    """For views: one row in `user`'s scope; 404 alike for "not yours" and "does not exist".
    A record that exists but is not the user's is written to the audit trail."""
    try:
        return get_in_scope(queryset, user, action, **lookup)
    except NotFoundOrNotYours:
        audit_if_out_of_scope(queryset.model, user, action, **lookup)
        raise Http404 from None


def audit_if_out_of_scope(model, user, action: str = "view", **lookup) -> None:
    """Record that `user` asked for an existing record outside their scope: what an auditor
    looks for. The row names the record by kind and id only, and carries its region, so the
    heads of that region see who looked; the user is answered 404 all the same."""
    from pmi_portal.audit.models import AuditAction
    from pmi_portal.audit.services import audit_record

    if user is None or not user.is_authenticated:
        return
    try:
        record = model._default_manager.filter(**lookup).first()
    except (ValueError, TypeError):
        return
    if record is None:
        return
    regency_id = None
    for path in getattr(model, "scope_regions", ()):
        regency_id = model._default_manager.filter(pk=record.pk).values_list(path, flat=True)[0]
        if regency_id:
            break
    audit_record(
        action=AuditAction.OUT_OF_SCOPE,
        actor=user,
        obj=record,
        regency_id=regency_id,
        object_repr=f"{model._meta.verbose_name} #{record.pk}",
        changes={"action": [None, action]},
    )


def is_in_scope(obj, user, action: str = "view") -> bool:
    return type(obj)._default_manager.restrict(user, action).filter(pk=obj.pk).exists()


def ensure_in_scope(obj, user, action: str = "change") -> None:
    """After a write, inside its transaction: refuse if the row left the writer's scope."""
    if not is_in_scope(obj, user, action):
        raise NotFoundOrNotYours


def ensure_row_in_scope(row, user, action: str = "change") -> None:
    """`ensure_in_scope` for a row as the database has it (just read with its scope's columns,
    locked with select_for_update, or written since from these very fields): judged from its
    fields, without a query, when the model's scope lies in its own foreign keys."""
    model = type(row)
    regions, offices, assignees = (
        getattr(model, name, ()) for name in ("scope_regions", "scope_offices", "scope_assignees")
    )
    if any(LOOKUP_SEP in lookup for lookup in (*regions, *offices, *assignees)):
        ensure_in_scope(row, user, action)
        return
    if not _may(user, model, action):
        raise NotFoundOrNotYours
    scope = scope_of(user)
    if scope.national:
        return

    def value(lookup: str):
        return getattr(row, model._meta.get_field(lookup).attname)

    # What scope_filter asks of the database, asked of the row.
    if not (
        any(value(lookup) in scope.regency_codes for lookup in regions)
        or any(value(lookup) in scope.office_ids for lookup in offices)
        or any(value(lookup) == user.pk for lookup in assignees)
    ):
        raise NotFoundOrNotYours


class ScopedViewMixin:
    """For class-based views: the queryset is always restricted to the user's scope."""

    scope_action = "view"

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, self.scope_action)
