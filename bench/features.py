"""Per-feature benchmarks, timed in Python against the bench database (no HTTP).

A feature issue registers its measurement with `@feature("name")`: a function that returns
its figures, named `<name>_<what>`. run.py imports this module after Django is set up.
"""

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bench.figures import Figure, measured, missing, percentile
from pmi_portal.offices.models import Regency
from pmi_portal.offices.selectors import office_responsible_for_nik


@dataclass(frozen=True)
class Feature:
    name: str
    measure: Callable[[], dict[str, Figure]]
    # Features over generate_synthetic's workers are reported missing until it has run.
    needs_synthetic: bool = False
    # The figures it returns, so that a feature that cannot run still lists them as missing.
    figure_units: tuple[tuple[str, str], ...] = ()


FEATURES: list[Feature] = []


def feature(name: str, *, figure_units: dict[str, str], needs_synthetic: bool = False):
    def register(measure: Callable[[], dict[str, Figure]]):
        FEATURES.append(Feature(name, measure, needs_synthetic, tuple(figure_units.items())))
        return measure

    return register


def missing_feature_figures(item: Feature, reason: str) -> dict[str, Figure]:
    return {name: missing(unit, reason) for name, unit in item.figure_units}


def timed_ms(call: Callable, arguments: Iterable) -> tuple[list[float], list]:
    """Call `call(argument)` once per argument; each call's time in ms, and the results."""
    samples, results = [], []
    for argument in arguments:
        started = time.perf_counter()
        results.append(call(argument))
        samples.append((time.perf_counter() - started) * 1000)
    return samples, results


def latency_figures(name: str, samples: list[float]) -> dict[str, Figure]:
    return {
        f"{name}_p50_ms": measured(round(percentile(samples, 0.5), 3), "ms"),
        f"{name}_p95_ms": measured(round(percentile(samples, 0.95), 3), "ms"),
    }


ROUTING_CALLS = 1000
ROUTING_FIGURES = {"routing_lookup_by_nik_p50_ms": "ms", "routing_lookup_by_nik_p95_ms": "ms"}


@feature("routing_lookup_by_nik", figure_units=ROUTING_FIGURES)
def routing_lookup_by_nik() -> dict[str, Figure]:
    """Which office is responsible for a NIK: parsing plus one indexed query, per call."""
    regency_codes = list(
        Regency.objects.filter(office__isnull=False).values_list("code", flat=True)
    )
    rng = random.Random(1)  # noqa: S311 - seeded: the same requests every run, no secret
    # District 01, born 1 January 1990, serials 0001-1000: every NIK is valid.
    serials = range(1, ROUTING_CALLS + 1)
    niks = [f"{rng.choice(regency_codes)}01010190{serial:04d}" for serial in serials]
    samples, offices = timed_ms(office_responsible_for_nik, niks)
    unrouted = sum(office is None for office in offices)
    if unrouted:
        reason = f"{unrouted} of {len(niks)} NIKs found no office"
        return {name: missing(unit, reason) for name, unit in ROUTING_FIGURES.items()}
    return latency_figures("routing_lookup_by_nik", samples)


def serang_sample(count: int) -> list[dict]:
    """Synthetic workers of UPT Serang's area (Banten), the counter officer's own, at random."""
    from pmi_portal.people.models import Person

    return list(
        Person.objects.filter(
            home_regency__province_id="36", registered_by__isnull=True, nik__isnull=False
        )
        .order_by("?")
        .values("pk", "nik", "full_name")[:count]
    )


def national_sample(count: int) -> list[dict]:
    """Synthetic workers from anywhere, at random: the returnees of a day at the airport."""
    from pmi_portal.people.models import Person

    return list(
        Person.objects.filter(registered_by__isnull=True, nik__isnull=False)
        .order_by("?")
        .values("pk", "nik", "full_name", "sex", "birth_date")[:count]
    )


def _demo_user(username: str):
    from pmi_portal.access.models import User

    return User.objects.get(username=username)


LOOKUPS = 1000
NIK_FIGURES = {"nik_lookup_p50_ms": "ms", "nik_lookup_p95_ms": "ms"}


@feature("nik_lookup", figure_units=NIK_FIGURES, needs_synthetic=True)
def nik_lookup() -> dict[str, Figure]:
    """The counter's search by exact NIK, in the officer's scope: 1000 lookups."""
    from pmi_portal.people.selectors import search_people

    officer = _demo_user("counter.serang")
    niks = [worker["nik"] for worker in serang_sample(LOOKUPS)]
    samples, found = timed_ms(lambda nik: search_people(officer, nik), niks)
    if not niks or not all(found):
        return {
            name: missing(unit, "a NIK of the sample was not found")
            for name, unit in NIK_FIGURES.items()
        }
    return latency_figures("nik_lookup", samples)


NAME_SEARCHES = 300
NAME_FIGURES = {
    "name_search_p50_ms": "ms",
    "name_search_p95_ms": "ms",
    "name_search_national_p50_ms": "ms",
    "name_search_national_p95_ms": "ms",
}


@feature("name_search", figure_units=NAME_FIGURES, needs_synthetic=True)
def name_search() -> dict[str, Figure]:
    """Names with a typo, searched by Serang's counter officer and by a national analyst
    (the whole table): 300 searches each."""
    from bench.scenarios import with_typo
    from pmi_portal.people.selectors import search_people

    rng = random.Random(2)  # noqa: S311 - seeded: the same requests every run, no secret
    queries = [with_typo(w["full_name"], rng) for w in serang_sample(NAME_SEARCHES)]
    figures: dict[str, Figure] = {}
    for label, username in (
        ("name_search", "counter.serang"),
        ("name_search_national", "analyst.national"),
    ):
        user = _demo_user(username)
        samples, _ = timed_ms(lambda query, user=user: search_people(user, query), queries)
        figures |= latency_figures(label, samples)
    return figures


MANIFEST_ROWS = 10_000
MANIFEST_FIGURES = {
    "manifest_preview_rows_per_second": "1/s",
    "manifest_import_rows_per_second": "1/s",
    "manifest_import_seconds": "s",
}


@feature("manifest_import", figure_units=MANIFEST_FIGURES, needs_synthetic=True)
def manifest_import() -> dict[str, Figure]:
    """A 10,000-row manifest (9 in 10 known workers by NIK, the rest passports never seen)
    checked, then saved, matched against every person of the bench database."""

    from django.core.files.uploadedfile import SimpleUploadedFile

    from returns.manifest import manifest_import as run_import

    rng = random.Random(3)  # noqa: S311 - seeded: the same file every run, no secret
    known = national_sample(MANIFEST_ROWS * 9 // 10)
    lines = [
        "Nama;NIK;No. Paspor;Jenis Kelamin;Tanggal Lahir;Negara Asal;Kategori;"
        "Penerbangan;Tanggal Tiba"
    ]
    for worker in known:
        lines.append(
            f"{worker['full_name']};{worker['nik']};;{'P' if worker['sex'] == 'F' else 'L'};"
            f"{worker['birth_date']:%d/%m/%Y};Malaysia;Reguler;QZ7511;20/11/2026"
        )
    for number in range(MANIFEST_ROWS - len(known)):
        lines.append(
            f"Orang Baru {number};;Z{number:07d};P;01/01/1990;Malaysia;"
            f"{rng.choice(['Dideportasi', 'Tidak berdokumen'])};QZ7511;20/11/2026"
        )
    content = ("\n".join(lines) + "\n").encode()
    actor = _demo_user("airport.soetta")
    figures: dict[str, Figure] = {}
    for commit, name in ((False, "manifest_preview"), (True, "manifest_import")):
        upload = SimpleUploadedFile("manifest.csv", content, content_type="text/csv")
        started = time.perf_counter()
        result = run_import(actor=actor, uploaded=upload, commit=commit)
        seconds = time.perf_counter() - started
        rows = result.created + result.updated + result.unchanged
        if result.errors:
            reason = f"{len(result.errors)} rows refused, first: {result.errors[0].message}"
            return {name: missing(unit, reason) for name, unit in MANIFEST_FIGURES.items()}
        figures[f"{name}_rows_per_second"] = measured(round(rows / seconds, 1), "1/s")
        if commit:
            figures["manifest_import_seconds"] = measured(round(seconds, 2), "s")
    return figures


NOTIFY_THROUGHPUT_EVENTS = 2000
NOTIFY_LATENCY_EVENTS = 200
NOTIFY_FIGURES = {
    "notify_in_app_per_second": "1/s",
    "notify_in_app_backlog_per_second": "1/s",
    "notify_event_to_inbox_p50_ms": "ms",
    "notify_event_to_inbox_p95_ms": "ms",
}


@feature("notifications", figure_units=NOTIFY_FIGURES)
def notifications() -> dict[str, Figure]:
    """In-app notifications through the real broker and one real worker (solo pool, one
    process): how many one worker delivers per second, a task per event as events send them
    and as a backlog the sweep sends (in batches), and how long an event takes from its
    write to the recipient's inbox when the worker is idle."""
    from django.conf import settings

    if settings.REDIS_URL is None:
        return {n: missing(u, "needs REDIS_URL") for n, u in NOTIFY_FIGURES.items()}
    from bench.notify import measure_notifications

    return measure_notifications(NOTIFY_THROUGHPUT_EVENTS, NOTIFY_LATENCY_EVENTS)


# The feature benchmarks the issues name whose features do not exist yet: reported missing
# with the reason until a feature registers above. Names may change with the feature's issue.
PENDING_FEATURES: dict[str, tuple[str, str]] = {}


DASHBOARD_RUNS = 5
DASHBOARD_FIGURES = {
    "dashboard_refresh_seconds": "s",
    **{
        f"dashboard_{who}_read_{stat}_ms": "ms"
        for who in ("national", "head")
        for stat in ("p50", "p95")
    },
}


@feature("dashboard", figure_units=DASHBOARD_FIGURES, needs_synthetic=True)
def dashboard() -> dict[str, Figure]:
    """The summaries rebuilt once, as Celery beat does every few minutes (how long it takes),
    then the dashboard's figures read from them without the cache, January to this month: the
    national analyst's and the head of UPT Serang's, 5 times each."""
    from pmi_portal.dashboards.forms import default_filters
    from pmi_portal.dashboards.selectors import section_functions
    from pmi_portal.dashboards.summaries import summaries_refresh

    refresh = summaries_refresh(wait=True)
    figures = {"dashboard_refresh_seconds": measured(round(refresh.seconds, 2), "s")}
    filters = default_filters()
    for who, username in (("national", "analyst.national"), ("head", "head.banten")):
        user = _demo_user(username)
        samples, _ = timed_ms(
            lambda _run, user=user: [section(user, filters) for section in section_functions()],
            range(DASHBOARD_RUNS),
        )
        figures |= latency_figures(f"dashboard_{who}_read", samples)
    return figures
