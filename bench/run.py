"""`make bench`: fill a PostgreSQL database, serve the portal with gunicorn on loopback, drive
it with locust as the demo roles, time the feature benchmarks, print the figures.

Progress goes to stderr; stdout gets a short table and, last, one line of JSON (also written
to bench/results/latest.json). bench/README.md says what each figure means.
"""

import importlib.util
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import django
from django.apps import apps
from django.core.management import call_command, get_commands
from django.db import connections

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import embedded  # noqa: E402
from bench.figures import (  # noqa: E402
    BARE,
    Figure,
    LoadResult,
    MixedResult,
    NotMeasured,
    bare_beside_figures,
    bare_mean,
    bare_range_figures,
    measured,
    memory_figures,
    missing,
    missing_page_figures,
    mixed_figures,
    page_figures,
    render_table,
    write_results,
)
from bench.scenarios import PENDING_SCENARIOS, SCENARIOS, SCENARIOS_BY_NAME, Scenario  # noqa: E402

SETTINGS_MODULE = "pmi_portal.settings.base"
RESULTS_DIR = ROOT / "bench" / "results"
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
HEALTHY_WITHIN_SECONDS = 60
# The load process logs its users in and warms up before its measured window.
LOAD_OVERHEAD_SECONDS = 240
# Filling the embedded SQLite file, and timing its name search in Python.
EMBEDDED_PREPARE_SECONDS = 3600
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
REDIS_SCHEMES = {"redis", "rediss"}


class Refusal(Exception):
    """The run cannot start; the message is one line, Indonesian / English."""


@dataclass(frozen=True)
class Config:
    workers: int
    users: int
    seconds: int
    gunicorn_workers: int
    # The embedded default's own SQLite database (bench/embedded.py).
    embedded_workers: int = 100_000
    # All roles' scenarios together, after the scenarios one by one.
    mixed_users: int = 50
    mixed_seconds: int = 120
    # BENCH_ONLY: the scenarios, features and runs ("mixed", "embedded") to measure, the
    # bare view always; empty for all of them.
    only: frozenset[str] = frozenset()

    def skips(self, name: str) -> str | None:
        """Why `name` is not measured in this run; None when it is."""
        if not self.only or name in self.only or name == BARE:
            return None
        return "not in BENCH_ONLY"


def _bounded_int(environ, name: str, default: int, low: int, high: int) -> int:
    raw = environ.get(name, "").strip().replace("_", "").replace(",", "")
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Refusal(
            f"{name} harus bilangan bulat {low}..{high} / "
            f"{name} must be a whole number from {low} to {high}"
        )
    return int(raw)


def read_config(environ) -> Config:
    """The run's settings from the environment; Refusal when PostgreSQL or Redis is missing."""
    database_url = environ.get("DATABASE_URL", "").strip()
    redis_url = environ.get("REDIS_URL", "").strip()
    database = urlsplit(database_url)
    if database.scheme not in POSTGRES_SCHEMES or urlsplit(redis_url).scheme not in REDIS_SCHEMES:
        raise Refusal(
            "make bench butuh PostgreSQL dan Redis: setel DATABASE_URL=postgres://... dan "
            "REDIS_URL=redis://... / make bench needs PostgreSQL and Redis: set "
            "DATABASE_URL=postgres://... and REDIS_URL=redis://..."
        )
    # It loads the demo logins (a published password) and millions of fake workers: never
    # into a database that was not made for it.
    if "bench" not in database.path.lstrip("/"):
        raise Refusal(
            "make bench hanya mengisi basis data yang namanya memuat 'bench' (mis. pmibench) / "
            "make bench only fills a database whose name contains 'bench' (e.g. pmibench)"
        )
    return Config(
        workers=_bounded_int(environ, "BENCH_WORKERS", 1_000_000, 1, 100_000_000),
        users=_bounded_int(environ, "BENCH_USERS", 20, 1, 200),
        seconds=_bounded_int(environ, "BENCH_SECONDS", 30, 1, 600),
        # gunicorn's advice for sync workers: two per core plus one.
        gunicorn_workers=_bounded_int(
            environ, "BENCH_GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1, 1, 64
        ),
        embedded_workers=_bounded_int(environ, "BENCH_EMBEDDED_WORKERS", 100_000, 1, 10_000_000),
        mixed_users=_bounded_int(environ, "BENCH_MIXED_USERS", 50, 1, 200),
        mixed_seconds=_bounded_int(environ, "BENCH_MIXED_SECONDS", 120, 1, 1800),
        only=_only(environ),
    )


def _only(environ) -> frozenset[str]:
    """BENCH_ONLY's names (checked by `check_only` once Django is set up)."""
    return frozenset(
        name.strip() for name in environ.get("BENCH_ONLY", "").split(",") if name.strip()
    )


def check_only(config: Config) -> None:
    """Refusal when a name of BENCH_ONLY is not a scenario, a feature, "mixed" or "embedded"."""
    from bench.features import FEATURES

    known = {scenario.name for scenario in SCENARIOS} | {item.name for item in FEATURES}
    unknown = sorted(config.only - known - {"mixed", "embedded"})
    if unknown:
        raise Refusal(
            f"BENCH_ONLY: nama tidak dikenal / unknown names: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(known))}, mixed, embedded)"
        )


STARTED = time.monotonic()


def say(message: str) -> None:
    sys.stderr.write(f"[bench {time.monotonic() - STARTED:6.1f} s] {message}\n")
    sys.stderr.flush()


def server_environment() -> dict[str, str]:
    """Production settings on loopback, plus the bare view; a fresh key for every run."""
    return {
        "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
        "DEBUG": "0",
        "HTTPS": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BENCH_BARE_VIEW": "1",
    }


def git_commit() -> Figure:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH, like make
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return missing("commit", "not a git checkout")
    return measured(f"{head}-dirty" if changed else head, "commit")


def synthetic_workers_present() -> int:
    """Synthetic workers in the bench database: the people with a NIK no officer registered
    (demo data's have the officer who registered them; synthetic returnees with no placement
    have no NIK)."""
    person = apps.get_model("people", "Person")
    return person.objects.filter(registered_by__isnull=True, nik__isnull=False).count()


def prepare_database(
    config: Config, *, collect_static: bool = True
) -> tuple[dict[str, Figure], str | None]:
    """Migrate and load the data; the figures of the generation, and why synthetic data is
    missing (None when it is there). `collect_static` is off for a second database served
    from the same static files."""
    say("migrate, load_reference, load_demo --force")
    call_command("compilemessages", ignore_patterns=[".venv", "node_modules"], verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_reference", stdout=sys.stderr)
    call_command("load_demo", force=True, stdout=sys.stderr)

    present = synthetic_workers_present()
    if "generate_synthetic" not in get_commands():
        reason = "generate_synthetic does not exist yet"
        generation = missing("s", reason)
    elif present >= config.workers:
        reason = None
        generation = missing("s", f"skipped: the database already holds {present} workers")
    else:
        reason = None
        # A larger BENCH_WORKERS than last time adds the difference, with a seed of its own.
        adding = config.workers - present
        say(f"generate_synthetic --workers {adding} --seed {1 + present}")
        started = time.perf_counter()
        call_command(
            "generate_synthetic",
            "--workers",
            str(adding),
            "--seed",
            str(1 + present),
            stdout=sys.stderr,
        )
        generation = measured(round(time.perf_counter() - started, 1), "s")
        present = synthetic_workers_present()
    if collect_static:
        say("collectstatic")
        call_command("collectstatic", interactive=False, verbosity=0)
    figures = {
        "generate_synthetic_seconds": generation,
        "synthetic_workers": measured(present, "count"),
    }
    return figures, reason


def load_context() -> dict:
    """What the scenarios pick their requests from, read once from the bench database."""
    from django.utils import timezone

    from bench.features import national_sample, serang_sample
    from pmi_portal.demo.users import DEMO_PASSWORD
    from pmi_portal.offices.models import Office, Regency

    workers = serang_sample(1000)
    return {
        "long_timeline_case_pks": long_timeline_cases("cases.pontianak"),
        "arrival_niks": [worker["nik"] for worker in national_sample(1000)],
        "arrival_time": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "password": DEMO_PASSWORD,
        "office_pks": list(Office.objects.values_list("pk", flat=True)),
        "regency_names": list(Regency.objects.values_list("name", flat=True)),
        "serang_worker_pks": [worker["pk"] for worker in workers],
        "serang_worker_niks": [worker["nik"] for worker in workers],
        "serang_worker_names": [worker["full_name"] for worker in workers],
    }


# Placements the stage-move scenario moves: more than its users, so each holds its own.
STAGE_MOVE_POOL = 200
# A placement moved more often than this is left out of the pool: each run moves each of its
# placements some ten times, and a pool kept from run to run had grown to a median of 21 and
# up to 216 stage changes each (a synthetic placement has 2), every run's worker page and move
# answer drawing more history than the last. Fresh placements take their place.
STAGE_MOVE_MAX_HISTORY = 12


def write_context() -> dict:
    """What the write scenarios need, prepared in the bench database: active agencies, the
    next registration's NIK, the placements to move."""
    from placements.models import Agency

    return {
        "active_agency_pks": list(
            Agency.objects.filter(status=Agency.Status.ACTIVE)
            .order_by("pk")
            .values_list("pk", flat=True)[:50]
        ),
        "registration_next_index": registration_next_index(),
        "stage_move_placements": stage_move_pool("counter.serang", STAGE_MOVE_POOL),
    }


def registration_next_index() -> int:
    """The first registration NIK (bench/scenarios.py) no earlier run has used."""
    from bench.scenarios import REGISTRATION_NIK_PREFIX, registration_index
    from pmi_portal.identity.nik import parse_nik
    from pmi_portal.people.models import Person

    used = [
        parse_nik(nik)
        for nik in Person.objects.filter(nik__startswith=REGISTRATION_NIK_PREFIX).values_list(
            "nik", flat=True
        )
    ]
    return max((registration_index(nik.birth_date, int(nik.serial)) + 1 for nik in used), default=0)


def stage_move_pool(username: str, size: int) -> list[tuple[int, int]]:
    """(placement, worker) pairs of the user's scope that the stage-move scenario moves between
    registration and selection: the worker's only active placement, through an active agency or
    none, with its KTP copy in, moved STAGE_MOVE_MAX_HISTORY times at most. Short of `size`,
    placements at those stages get their KTP copy here, through the service, once; later runs
    find them until they have been moved too often."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db.models import Count, Q

    from placements.models import Agency, Placement
    from placements.services import placement_document_add, transition_problems
    from placements.stages import ACTIVE, DocumentKind, Stage
    from pmi_portal.access.models import User
    from tests.documents.samples import pdf

    user = User.objects.get(username=username)
    movable = (
        Placement.objects.restrict(user, "change")
        .filter(stage__in=[Stage.REGISTERED, Stage.SELECTION])
        .filter(Q(agency__isnull=True) | Q(agency__status=Agency.Status.ACTIVE))
        .annotate(
            active_placements=Count(
                "worker__placements",
                filter=Q(worker__placements__stage__in=ACTIVE),
                distinct=True,
            ),
            moves=Count("history", distinct=True),
        )
        .filter(active_placements=1, moves__lte=STAGE_MOVE_MAX_HISTORY)
        .order_by("pk")
    )
    pool = list(
        movable.filter(documents__kind=DocumentKind.KTP).values_list("pk", "worker_id")[:size]
    )
    candidates = movable.exclude(documents__kind=DocumentKind.KTP).select_related(
        "agency", "worker"
    )
    for placement in candidates[: 2 * (size - len(pool))]:
        if len(pool) >= size:
            break
        placement_document_add(
            actor=user,
            placement=placement,
            kind=DocumentKind.KTP,
            uploaded=SimpleUploadedFile("ktp.pdf", pdf(), content_type="application/pdf"),
        )
        if placement.stage == Stage.SELECTION or not transition_problems(
            placement, Stage.SELECTION, ""
        ):
            pool.append((placement.pk, placement.worker_id))
    return pool


def scenario_queries(context: dict, synthetic_missing: str | None) -> dict[str, Figure]:
    """`<scenario>_queries`: the SQL of one run of each scenario, counted in this process."""
    from bench.queries import count_queries
    from pmi_portal.access.models import User

    figures = {}
    for scenario in SCENARIOS:
        name = f"{scenario.name}_queries"
        if scenario.needs_synthetic and synthetic_missing:
            figures[name] = missing("count", f"no synthetic data: {synthetic_missing}")
            continue
        user = User.objects.get(username=scenario.username) if scenario.username else None
        try:
            figures[name] = measured(count_queries(scenario, dict(context), user), "count")
        except ValueError as error:
            figures[name] = missing("count", f"the request failed: {error}")
    return figures


def long_timeline_cases(username: str) -> list[int]:
    """Cases in the user's scope with a long story (generate_synthetic gives each office one)."""
    from django.db.models import Count

    from cases.models import Case
    from pmi_portal.access.models import User

    user = User.objects.get(username=username)
    return list(
        Case.objects.restrict(user)
        .annotate(note_count=Count("notes"))
        .filter(note_count__gte=150)
        .values_list("pk", flat=True)[:20]
    )


def run_features(config: Config, synthetic_missing: str | None) -> dict[str, Figure]:
    from bench.features import FEATURES, PENDING_FEATURES, missing_feature_figures

    figures: dict[str, Figure] = {}
    for item in FEATURES:
        if skipped := config.skips(item.name):
            figures.update(missing_feature_figures(item, skipped))
            continue
        if item.needs_synthetic and synthetic_missing:
            reason = f"no synthetic data: {synthetic_missing}"
            figures.update(missing_feature_figures(item, reason))
            continue
        say(f"feature {item.name}")
        figures.update(item.measure())
    for name, (unit, reason) in PENDING_FEATURES.items():
        figures[name] = missing(unit, reason)
    return figures


class ServerError(Exception):
    """gunicorn did not start or did not become healthy."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def resident_mb(pid: int) -> float | None:
    """The resident memory of process `pid` in MB (VmRSS), None when it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


class Gunicorn:
    """gunicorn serving pmi_portal.wsgi on a free loopback port; stopped on leaving, always."""

    def __init__(self, workers: int, log_path: Path, environment: dict[str, str] | None = None):
        self.workers = workers
        self.log_path = log_path
        self.environment = environment
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Gunicorn":
        say(f"gunicorn on {self.url} with {self.workers} workers (log: {self.log_path})")
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "pmi_portal.wsgi:application",
                    "--bind",
                    self.url.removeprefix("http://"),
                    "--workers",
                    str(self.workers),
                    "--worker-class",
                    "sync",
                    "--timeout",
                    "60",
                    "--graceful-timeout",
                    "10",
                    "--log-level",
                    "warning",
                    # Its default socket is shared by every gunicorn of the user.
                    "--no-control-socket",
                ],
                cwd=ROOT,
                env=self.environment,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            self._wait_until_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + HEALTHY_WITHIN_SECONDS
        last = "no answer"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"gunicorn exited with {self.process.returncode}, see {self.log_path}"
                )
            try:
                # The URL is our own loopback address, never user input.
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code}: {error.read(300).decode(errors='replace')}"
            except OSError as error:
                last = str(error)
            time.sleep(0.25)
        raise ServerError(f"/healthz did not answer 200 within {HEALTHY_WITHIN_SECONDS} s: {last}")

    def worker_rss_mb(self) -> dict[int, float]:
        """Each worker process's resident memory (VmRSS of /proc/<pid>/status) in MB, by pid."""
        import psutil

        memory = {}
        for child in psutil.Process(self.process.pid).children():
            rss = resident_mb(child.pid)
            if rss is not None:
                memory[child.pid] = rss
        return memory

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        say("gunicorn stopped")


def _load_process(
    names: list[str], url: str, users: int, seconds: int, context_file: Path, out: Path
) -> dict | NotMeasured:
    """Run bench/locustfile.py over `names` (one scenario, or several together) and read what
    it wrote."""
    command = [
        sys.executable,
        str(LOCUSTFILE),
        "--scenario",
        *names,
        "--host",
        url,
        "--users",
        str(users),
        "--seconds",
        str(seconds),
        "--context",
        str(context_file),
        "--out",
        str(out),
    ]
    try:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            timeout=seconds + LOAD_OVERHEAD_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return NotMeasured("the load process ran past its time limit")
    if completed.returncode != 0 or not out.exists():
        return NotMeasured(f"the load process failed (exit {completed.returncode})")
    result = json.loads(out.read_text(encoding="utf-8"))
    if "error" in result:
        return NotMeasured(result["error"])
    return result


def run_load(
    scenario: Scenario,
    url: str,
    config: Config,
    context_file: Path,
    workdir: Path,
    *,
    label: str | None = None,
) -> LoadResult | NotMeasured:
    """One scenario's load in a process of its own (locust patches the process it runs in);
    `label` names its figures when they are not the scenario's own (the embedded run)."""
    label = label or scenario.name
    say(f"scenario {label}: {config.users} users for {config.seconds} s")
    out = workdir / f"{label}.json"
    result = _load_process([scenario.name], url, config.users, config.seconds, context_file, out)
    if isinstance(result, NotMeasured):
        return result
    outcome = LoadResult(**result)
    say(
        f"  {outcome.requests} requests, {outcome.failures} failed, p50 {outcome.p50_ms} ms, "
        f"p95 {outcome.p95_ms} ms, {outcome.rps:.1f} req/s, "
        f"load generator at {outcome.loadgen_cpu_ratio:.0%} of a core"
    )
    return outcome


def why_not_runnable(
    scenario: Scenario, context: dict, users: int, synthetic_missing: str | None
) -> str | None:
    """Why `scenario` cannot run with `users` users, None when it can."""
    if scenario.needs_synthetic and synthetic_missing:
        return f"no synthetic data: {synthetic_missing}"
    if scenario.pool and len(context.get(scenario.pool, ())) < users:
        held = len(context.get(scenario.pool, ()))
        return f"{held} records in {scenario.pool}, fewer than its {users} users"
    return None


def mixed_scenarios(config: Config, context: dict, synthetic_missing: str | None) -> list[Scenario]:
    """Every role's scenarios of the mixed run that can run: all but the bare view."""
    others = [scenario for scenario in SCENARIOS if scenario.name != BARE]
    users_each = -(-config.mixed_users // len(others))
    return [
        scenario
        for scenario in others
        if why_not_runnable(scenario, context, users_each, synthetic_missing) is None
    ]


def run_mixed(
    server: "Gunicorn", config: Config, context: dict, workdir: Path, scenarios: list[Scenario]
) -> dict[str, Figure]:
    """`BENCH_MIXED_USERS` users shared out among every role's scenarios for
    `BENCH_MIXED_SECONDS`, on the server the scenarios ran on; its web workers' memory before
    and after."""
    say(
        f"mixed: {config.mixed_users} users over {len(scenarios)} scenarios "
        f"for {config.mixed_seconds} s"
    )
    context_file = fresh_context_file(context, workdir / "mixed-context.json")
    memory_start = server.worker_rss_mb()
    result = _load_process(
        [scenario.name for scenario in scenarios],
        server.url,
        config.mixed_users,
        config.mixed_seconds,
        context_file,
        workdir / "mixed.json",
    )
    memory_end = server.worker_rss_mb()
    outcome = result if isinstance(result, NotMeasured) else MixedResult.from_json(result)
    if isinstance(outcome, MixedResult):
        say(f"  {outcome.total.requests} requests, {outcome.total.failures} failed")
    return mixed_figures(
        outcome, [scenario.name for scenario in scenarios], memory_start, memory_end
    )


def fresh_context_file(context: dict, path: Path) -> Path:
    """The scenarios' context with the next unused registration NIK, written for one load."""
    if "registration_next_index" in context:
        context = {**context, "registration_next_index": registration_next_index()}
        connections.close_all()
    path.write_text(json.dumps(context), encoding="utf-8")
    return path


def run_scenarios(
    config: Config, context: dict, synthetic_missing: str | None
) -> tuple[
    dict[str, LoadResult | NotMeasured],
    dict[str, list[LoadResult | NotMeasured]],
    dict[str, Figure],
]:
    """Each scenario alone, then all together (the mixed run): the outcomes of the first; the
    bare view measured just before and just after each of them, by scenario; and the figures of
    the server's memory and of the mixed run.

    A page is compared with the bare view measured beside it, not with the one measured first:
    a machine whose speed drifts during a run of many minutes (shared cores) would otherwise
    judge the later pages against a faster machine than the one that served them. The bare view
    is measured between every two pages and once after the last, and each page is compared with
    the mean of the one before it and the one after it: a drift within the pair cancels, in
    either direction, where the one before alone judged a page measured as the machine slowed
    (or sped up) against the machine before it. The bare view after a page is the one before the
    next: one measurement more in all.
    """
    outcomes: dict[str, LoadResult | NotMeasured] = {}
    beside: dict[str, list[LoadResult | NotMeasured]] = {}
    scenarios = mixed_scenarios(config, context, synthetic_missing)
    names = [scenario.name for scenario in scenarios]
    if importlib.util.find_spec("locust") is None:
        reason = "locust is not installed in .venv (pip install -r requirements.txt)"
        outcomes = {scenario.name: NotMeasured(reason) for scenario in SCENARIOS}
        return (
            outcomes,
            beside,
            memory_figures({}, {}, reason) | mixed_figures(NotMeasured(reason), names, {}, {}),
        )
    with tempfile.TemporaryDirectory(prefix="pmi-bench-") as workdir:
        try:
            with Gunicorn(config.gunicorn_workers, RESULTS_DIR / "gunicorn.log") as server:
                memory_start = server.worker_rss_mb()

                def bare(label: str) -> LoadResult | NotMeasured:
                    context_file = fresh_context_file(context, Path(workdir) / "bare-context.json")
                    return run_load(
                        SCENARIOS_BY_NAME[BARE], server.url, config, context_file, Path(workdir),
                        label=label,
                    )  # fmt: skip

                last_page = None
                for scenario in SCENARIOS:
                    reason = config.skips(scenario.name) or why_not_runnable(
                        scenario, context, config.users, synthetic_missing
                    )
                    if reason:
                        outcomes[scenario.name] = NotMeasured(reason)
                        continue
                    if scenario.name != BARE:
                        before = bare(f"{BARE}_beside_{scenario.name}")
                        if last_page is not None:
                            beside[last_page].append(before)
                        beside[scenario.name] = [before]
                        last_page = scenario.name
                    context_file = fresh_context_file(
                        context, Path(workdir) / f"{scenario.name}-context.json"
                    )
                    outcomes[scenario.name] = run_load(
                        scenario, server.url, config, context_file, Path(workdir)
                    )
                if last_page is not None:
                    beside[last_page].append(bare(f"{BARE}_after_{last_page}"))
                figures = memory_figures(memory_start, server.worker_rss_mb())
                if skipped := config.skips("mixed"):
                    figures |= mixed_figures(NotMeasured(skipped), names, {}, {})
                else:
                    figures |= run_mixed(server, config, context, Path(workdir), scenarios)
        except ServerError as error:
            say(str(error))
            reason = f"the server did not start: {error}"
            for scenario in SCENARIOS:
                outcomes.setdefault(scenario.name, NotMeasured(reason))
            figures = memory_figures({}, {}, reason) | mixed_figures(
                NotMeasured(reason), names, {}, {}
            )
    return outcomes, beside, figures


def scenario_figures(
    outcomes: dict[str, LoadResult | NotMeasured],
    beside: dict[str, list[LoadResult | NotMeasured]] | None = None,
) -> dict[str, Figure]:
    """Each scenario's figures, its ratios to the mean of the bare view measured just before and
    just after it (`beside`; the first bare view where none was), and the bare view's range over
    the run."""
    beside = beside or {}
    figures: dict[str, Figure] = {}
    for scenario in SCENARIOS:
        if scenario.name == BARE:
            figures.update(page_figures(BARE, outcomes[BARE], None))
            continue
        base = bare_mean(beside[scenario.name]) if scenario.name in beside else outcomes[BARE]
        figures.update(page_figures(scenario.name, outcomes[scenario.name], base))
        if scenario.name in beside:
            figures.update(bare_beside_figures(scenario.name, base))
    # Each bare view once: the one after a page is the one before the next.
    measured_bare = {id(each): each for pair in beside.values() for each in pair}
    figures.update(bare_range_figures([outcomes[BARE], *measured_bare.values()]))
    for name, reason in PENDING_SCENARIOS.items():
        figures.update(missing_page_figures(name, reason))
    return figures


def prepare_embedded(config: Config, environment: dict[str, str], workdir: Path) -> dict:
    """Fill the embedded SQLite file in a process of its own (settings are read at start)."""
    out = workdir / "embedded.json"
    say(f"embedded default: {embedded.DATABASE_PATH} with {config.embedded_workers} workers")
    embedded.DATABASE_PATH.parent.mkdir(parents=True, exist_ok=True)
    try:
        completed = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [
                sys.executable,
                str(ROOT / "bench" / "embedded.py"),
                str(config.embedded_workers),
                str(out),
            ],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            timeout=EMBEDDED_PREPARE_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": "filling the SQLite database ran past its time limit"}
    if completed.returncode != 0 or not out.exists():
        return {"error": f"filling the SQLite database failed (exit {completed.returncode})"}
    return json.loads(out.read_text(encoding="utf-8"))


def run_embedded(config: Config) -> dict[str, Figure]:
    """The counter's typo search (and the bare view) on the embedded default, served and
    loaded like the PostgreSQL scenarios; figures prefixed `embedded_`."""
    environment = embedded.embedded_environment(dict(os.environ), embedded.DATABASE_PATH)
    names = [f"{embedded.PREFIX}{name}" for name in embedded.SCENARIO_NAMES]
    if skipped := config.skips("embedded"):
        figures = {}
        for name, label in zip(embedded.SCENARIO_NAMES, names, strict=True):
            base = None if name == BARE else NotMeasured(skipped)
            figures |= page_figures(label, NotMeasured(skipped), base)
        return figures
    with tempfile.TemporaryDirectory(prefix="pmi-bench-embedded-") as workdir:
        prepared = prepare_embedded(config, environment, Path(workdir))
        if "error" in prepared:
            reason = prepared["error"]
            outcomes = {name: NotMeasured(reason) for name in embedded.SCENARIO_NAMES}
            figures = {}
        else:
            figures = embedded.prefixed(
                {name: Figure(**figure) for name, figure in prepared["figures"].items()}
            )
            outcomes = embedded_loads(config, environment, prepared, Path(workdir))
    figures |= {
        "embedded_bench_workers": measured(config.embedded_workers, "count"),
        "embedded_gunicorn_workers": measured(embedded.GUNICORN_WORKERS, "count"),
    }
    bare = outcomes[BARE]
    for name, label in zip(embedded.SCENARIO_NAMES, names, strict=True):
        figures |= page_figures(label, outcomes[name], None if name == BARE else bare)
    return figures


def embedded_loads(
    config: Config, environment: dict[str, str], prepared: dict, workdir: Path
) -> dict[str, LoadResult | NotMeasured]:
    if prepared["synthetic_missing"]:
        reason = f"no synthetic data: {prepared['synthetic_missing']}"
        return {name: NotMeasured(reason) for name in embedded.SCENARIO_NAMES}
    if importlib.util.find_spec("locust") is None:
        reason = "locust is not installed in .venv (pip install -r requirements.txt)"
        return {name: NotMeasured(reason) for name in embedded.SCENARIO_NAMES}
    context_file = workdir / "embedded-context.json"
    context_file.write_text(json.dumps(prepared["context"]), encoding="utf-8")
    outcomes: dict[str, LoadResult | NotMeasured] = {}
    log = RESULTS_DIR / "gunicorn-embedded.log"
    try:
        with Gunicorn(embedded.GUNICORN_WORKERS, log, environment) as server:
            for name in embedded.SCENARIO_NAMES:
                outcomes[name] = run_load(
                    SCENARIOS_BY_NAME[name],
                    server.url,
                    config,
                    context_file,
                    workdir,
                    label=f"{embedded.PREFIX}{name}",
                )
    except ServerError as error:
        say(str(error))
        for name in embedded.SCENARIO_NAMES:
            outcomes.setdefault(name, NotMeasured(f"the server did not start: {error}"))
    return outcomes


def bench(config: Config) -> dict[str, Figure]:
    os.environ.update(server_environment())
    # Importing the project loads its settings: only now, with the environment set.
    from pmi_portal.settings.startup import load_settings_or_exit

    load_settings_or_exit()
    django.setup()
    check_only(config)
    context_figures = {
        "git_commit": git_commit(),
        "bench_workers": measured(config.workers, "count"),
        "cpu_count": measured(os.cpu_count() or 1, "count"),
        "gunicorn_workers": measured(config.gunicorn_workers, "count"),
        "bench_users": measured(config.users, "count"),
        "bench_seconds_per_scenario": measured(config.seconds, "s"),
        "bench_mixed_users": measured(config.mixed_users, "count"),
        "bench_mixed_seconds": measured(config.mixed_seconds, "s"),
    }
    data_figures, synthetic_missing = prepare_database(config)
    context = load_context()
    if not synthetic_missing:
        context |= write_context()
    feature_figures = run_features(config, synthetic_missing)
    query_figures = scenario_queries(context, synthetic_missing)
    # The server's workers get the database to themselves while they are measured.
    connections.close_all()
    outcomes, beside, server_figures = run_scenarios(config, context, synthetic_missing)
    embedded_figures = run_embedded(config)
    return {
        **context_figures,
        **data_figures,
        **scenario_figures(outcomes, beside),
        **query_figures,
        **server_figures,
        **feature_figures,
        **embedded_figures,
        "bench_total_seconds": measured(round(time.monotonic() - STARTED, 1), "s"),
    }


def main() -> int:
    try:
        config = read_config(os.environ)
    except Refusal as refusal:
        sys.stderr.write(f"{refusal}\n")
        return 2
    os.chdir(ROOT)
    # A plain `kill` ends the run like Ctrl-C does: through the finally blocks, so gunicorn
    # and the load process are stopped too.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        figures = bench(config)
    except Refusal as refusal:
        sys.stderr.write(f"{refusal}\n")
        return 2
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    line = write_results(figures, RESULTS_DIR / "latest.json")
    scenarios = [scenario.name for scenario in SCENARIOS] + list(PENDING_SCENARIOS)
    scenarios += [f"{embedded.PREFIX}{name}" for name in embedded.SCENARIO_NAMES]
    sys.stdout.write(render_table(figures, scenarios) + "\n\n" + line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
