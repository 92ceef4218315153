"""Reads of regions and offices: working areas and routing (which office is responsible)."""

import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NamedTuple, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from redis.exceptions import RedisError

from pmi_portal.identity.nik import NikError, parse_nik
from pmi_portal.offices.models import Country, FormerRegencyCode, Office, Province, Regency
from pmi_portal.web.versioned import kept_by_key

logger = logging.getLogger(__name__)
T = TypeVar("T")


def country_with_code3(code3: str) -> Country | None:
    """The country with this ISO 3166-1 alpha-3 code, if the reference data has it."""
    return Country.objects.filter(code3=code3).first()


# The version of whatever is cached from the reference data (regions, countries, offices and
# their working areas: the users' scopes, the public form's lists); it changes when they may
# have (services.reference_data_changed).
REFERENCE_GENERATION_KEY = "offices.reference-generation"


# The generation a request reads the reference data under: the one its user's row was read
# with (access.middleware.RequestGenerationMiddleware), so that one request sees one version
# and asks the cache for it once.
_request_generation: ContextVar[int | None] = ContextVar("reference_generation", default=None)


def reference_generation() -> int:
    """The current version of the reference data (the request's, once its user is read);
    raises the cache's error when it is down."""
    generation = _request_generation.get()
    if generation is not None:
        return generation
    generation = cache.get(REFERENCE_GENERATION_KEY)
    if generation is None:
        # First use, or the cache lost it: a new version, unless another process set one.
        cache.add(REFERENCE_GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(REFERENCE_GENERATION_KEY)
    return generation


@contextmanager
def generation_of_request(generation: int):
    """The reference data is read under `generation` inside (a request's)."""
    token = _request_generation.set(generation)
    try:
        yield
    finally:
        _request_generation.reset(token)


def reference_kept(name: str, compute: Callable[[], T]) -> T:
    """What `compute` reads from the reference data, kept under `name` for this version of the
    reference data, in this process and in the cache, REFERENCE_OPTIONS_CACHE_SECONDS at most in
    each; `name` carries whatever else the value depends on (a scope, a language). Computed
    afresh when the cache is down or nothing is kept (0)."""
    seconds = settings.REFERENCE_OPTIONS_CACHE_SECONDS
    if not seconds:
        return compute()
    try:
        key = f"reference:{name}:{reference_generation()}"
        return kept_by_key(key, compute, seconds=seconds, name=name)
    except RedisError:
        logger.warning("cache unreachable: %s is read from the database", name, exc_info=True)
        return compute()


# What `reference_held` holds in this process: {name: (generation, since, value)}.
_held: dict[str, tuple[int, float, object]] = {}


def reference_held(name: str, compute: Callable[[], T]) -> T:
    """`reference_kept(name, compute)`, held in this process while the reference data's version
    stays and REFERENCE_OPTIONS_CACHE_SECONDS at most: the same object to every caller, which
    only reads it (the process cache unpickles a copy on every read: 0.1 ms for the regency
    codes, 1 ms for the 1,500 agencies' rows)."""
    seconds = settings.REFERENCE_OPTIONS_CACHE_SECONDS
    try:
        generation = reference_generation() if seconds else None
    except RedisError:
        generation = None
    if generation is None:
        return reference_kept(name, compute)
    held = _held.get(name)
    now = time.monotonic()
    if held is not None and held[0] == generation and now - held[1] < seconds:
        return held[2]
    value = reference_kept(name, compute)
    _held[name] = (generation, now, value)
    return value


def area_regency_codes(office: Office) -> frozenset[str]:
    """Codes of the regencies in the working area `office` serves; none for headquarters."""
    area_office = office.area_office
    if area_office is None:
        return frozenset()
    return frozenset(Regency.objects.filter(office=area_office).values_list("code", flat=True))


def area_province_codes(office: Office) -> frozenset[str]:
    area_office = office.area_office
    if area_office is None:
        return frozenset()
    return frozenset(
        Regency.objects.filter(office=area_office).values_list("province_id", flat=True)
    )


def office_family_ids(office: Office) -> frozenset[int]:
    """The office, its regional office and that office's posts: the staff who share an area;
    held per version of the reference data (an office saved renews it)."""
    return reference_held(f"office-family:{office.pk}", lambda: _office_family_ids(office))


class OfficeName(NamedTuple):
    code: str
    name: str


def office_names() -> dict[int, OfficeName]:
    """Every office's code and name by id, held per version of the reference data: a list that
    names each row's office reads them here, not in a join or a query of its own. Read only:
    every caller gets the same dict (a copy unpickled from the process cache cost 15 µs a
    read)."""
    return reference_held(
        "office-names",
        lambda: {
            pk: OfficeName(code, name)
            for pk, code, name in Office.objects.values_list("pk", "code", "name")
        },
    )


def _office_family_ids(office: Office) -> frozenset[int]:
    area_office = office.area_office
    if area_office is None:
        return frozenset({office.pk})
    ids = set(Office.objects.filter(parent=area_office).values_list("pk", flat=True))
    return frozenset(ids | {area_office.pk, office.pk})


def _has_code(code: str) -> Q:
    """Regencies whose code today, or whose code before it changed, is `code`.

    NIKs issued before the 2022 split of Papua carry the regency's former code.
    """
    return Q(code=code) | Q(former_codes__code=code)


def current_regency_code(code: str) -> str | None:
    """Today's code of the regency `code` names, former or current; None for no regency."""
    return Regency.objects.filter(_has_code(code)).values_list("code", flat=True).first()


def current_regency_codes() -> dict[str, str]:
    """{code: today's code} for every regency code, today's and former, as `current_regency_code`
    answers each; held per version of the reference data (load_reference, which alone writes
    the former codes, renews it). Read only: every caller gets the same dict."""

    def read() -> dict[str, str]:
        codes = {code: code for code in Regency.objects.values_list("code", flat=True)}
        for former, current in FormerRegencyCode.objects.values_list("code", "regency_id"):
            # A code that names two regencies gives the lowest of today's, as `.first()` does.
            codes[former] = min(current, codes.get(former, current))
        return codes

    return reference_held("current-regency-codes", read)


def regencies_with_code(code: str) -> QuerySet[Regency]:
    """The regency with this code today or formerly (at most one), with its office and province."""
    return Regency.objects.filter(_has_code(code)).select_related("office", "province").distinct()


def office_responsible_for_regency(regency_code: str) -> Office | None:
    """The regional office of the regency with this code, today's or a former one."""
    regency = regencies_with_code(regency_code).first()
    return None if regency is None else regency.office


def office_responsible_for_nik(nik: str) -> Office | None:
    """The office now covering the regency a NIK was issued in; None when the NIK is invalid."""
    try:
        parts = parse_nik(nik)
    except NikError:
        return None
    return office_responsible_for_regency(parts.regency_code)


def regencies_without_office() -> QuerySet[Regency]:
    return Regency.objects.filter(office__isnull=True).select_related("province")


def regional_offices_without_area() -> QuerySet[Office]:
    return (
        Office.objects.filter(kind=Office.Kind.REGIONAL)
        .annotate(regency_count=Count("regencies"))
        .filter(regency_count=0)
    )


def coverage_problems() -> list[str]:
    """Every gap in the working areas, one line each; empty when coverage is complete.

    A regency names its one responsible office, so two offices can never cover it.
    """
    problems = [
        f"{regency.code} {regency.name} ({regency.province.name}): tidak ada kantor / no office"
        for regency in regencies_without_office()
    ]
    problems += [
        f"{office.code}: kantor wilayah tanpa wilayah kerja / regional office without an area"
        for office in regional_offices_without_area()
    ]
    problems += [
        f"{regency.code} {regency.name}: kantor {regency.office.code} bukan kantor wilayah"
        f" / office {regency.office.code} is not a regional office"
        for regency in Regency.objects.exclude(office__isnull=True)
        .exclude(office__kind=Office.Kind.REGIONAL)
        .select_related("office")
    ]
    return problems


def provinces_of_regencies(regency_codes: frozenset[str]) -> QuerySet[Province]:
    return Province.objects.filter(regencies__code__in=regency_codes).distinct()
