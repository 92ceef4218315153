"""The benchmark harness without a server: its refusals, its figures, and the bare view."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from bench.figures import (
    Figure,
    LoadResult,
    NotMeasured,
    as_json,
    bare_beside_figures,
    measured,
    missing,
    missing_page_figures,
    page_figures,
    percentile,
    render_table,
    write_results,
)
from tests.factories import office

ROOT = Path(__file__).resolve().parent.parent.parent
ENV_WITHOUT_SERVICES = {
    key: value
    for key, value in os.environ.items()
    if key not in {"DATABASE_URL", "REDIS_URL", "BENCH_WORKERS", "BENCH_USERS", "BENCH_SECONDS"}
}
BENCH_DATABASE = "postgres://postgres@127.0.0.1:5432/pmibench"
BENCH_REDIS = "redis://127.0.0.1:6379/3"

BARE = LoadResult(requests=5000, failures=0, p50_ms=4, p95_ms=10, rps=500.0, loadgen_cpu_ratio=0.9)
AUDIT = LoadResult(
    requests=1000, failures=0, p50_ms=20, p95_ms=45, rps=100.0, loadgen_cpu_ratio=0.3
)


def run_bench(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "bench/run.py"],
        cwd=ROOT,
        env={**ENV_WITHOUT_SERVICES, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"REDIS_URL": BENCH_REDIS},
        {"DATABASE_URL": BENCH_DATABASE},
        {"DATABASE_URL": "sqlite:///pmibench.sqlite3", "REDIS_URL": BENCH_REDIS},
        {"DATABASE_URL": BENCH_DATABASE, "REDIS_URL": "memory://"},
    ],
    ids=["neither", "no-database", "no-redis", "sqlite", "not-redis"],
)
def test_bench_without_postgresql_and_redis_stops_with_one_line(env):
    result = run_bench(**env)

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "needs PostgreSQL and Redis: set DATABASE_URL" in lines[0]
    assert lines[0].startswith("make bench butuh PostgreSQL dan Redis")
    assert result.stdout == ""


def test_bench_refuses_to_fill_a_database_not_made_for_it():
    result = run_bench(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/pmidev", REDIS_URL=BENCH_REDIS
    )

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "make bench hanya mengisi basis data yang namanya memuat 'bench' (mis. pmibench) / "
        "make bench only fills a database whose name contains 'bench' (e.g. pmibench)"
    ]


def test_bench_refuses_an_unbounded_run():
    result = run_bench(DATABASE_URL=BENCH_DATABASE, REDIS_URL=BENCH_REDIS, BENCH_SECONDS="86400")

    assert result.returncode == 2
    assert "BENCH_SECONDS must be a whole number from 1 to 600" in result.stderr


def test_a_page_figure_is_reported_with_its_ratios_to_the_bare_view():
    figures = as_json(page_figures("head_audit", AUDIT, BARE))

    assert figures == {
        "head_audit_p50_ms": {"value": 20, "unit": "ms"},
        "head_audit_p95_ms": {"value": 45, "unit": "ms"},
        "head_audit_rps": {"value": 100.0, "unit": "req/s"},
        "head_audit_failures": {"value": 0, "unit": "count"},
        "head_audit_loadgen_cpu_ratio": {"value": 0.3, "unit": "ratio"},
        "head_audit_p95_ratio_to_bare": {"value": 4.5, "unit": "ratio"},
        "head_audit_rps_ratio_to_bare": {"value": 0.2, "unit": "ratio"},
    }


def test_the_bare_view_has_no_ratio_to_itself():
    figures = page_figures("bare", BARE, None)

    assert figures["bare_p95_ms"] == measured(10, "ms")
    assert not [name for name in figures if "ratio_to_bare" in name]


def test_ratios_are_missing_with_the_reason_when_the_bare_view_was_not_measured():
    figures = as_json(page_figures("head_audit", AUDIT, NotMeasured("the server did not start")))

    assert figures["head_audit_p95_ms"] == {"value": 45, "unit": "ms"}
    assert figures["head_audit_p95_ratio_to_bare"] == {
        "value": None,
        "unit": "ratio",
        "missing": "bare view: the server did not start",
    }
    assert figures["head_audit_rps_ratio_to_bare"]["value"] is None


def test_ratios_are_missing_when_the_bare_view_had_failures():
    failing_bare = LoadResult(
        requests=5000,
        failures=3,
        p50_ms=4,
        p95_ms=10,
        rps=500.0,
        loadgen_cpu_ratio=0.9,
        first_error="HTTP 404 for /bench/bare/1/",
    )

    figures = page_figures("head_audit", AUDIT, failing_bare)

    assert figures["head_audit_rps_ratio_to_bare"] == missing(
        "ratio", "bare view: 3 of 5000 requests failed: HTTP 404 for /bench/bare/1/"
    )


def test_a_page_with_failed_requests_reports_its_failures_and_no_latency():
    redirected = LoadResult(
        requests=800,
        failures=800,
        p50_ms=3,
        p95_ms=5,
        rps=80.0,
        loadgen_cpu_ratio=0.2,
        first_error="HTTP 302 for /audit/",
    )

    figures = as_json(page_figures("head_audit", redirected, BARE))

    reason = "800 of 800 requests failed: HTTP 302 for /audit/"
    assert figures["head_audit_failures"] == {"value": 800, "unit": "count"}
    for name in ("p50_ms", "p95_ms", "rps", "p95_ratio_to_bare", "rps_ratio_to_bare"):
        assert figures[f"head_audit_{name}"]["value"] is None
        assert figures[f"head_audit_{name}"]["missing"] == reason


def test_a_scenario_that_could_not_run_has_every_figure_missing_with_the_reason():
    figures = as_json(page_figures("counter_home", NotMeasured("locust is not installed"), BARE))

    assert len(figures) == 7
    for figure in figures.values():
        assert figure["value"] is None
        assert figure["missing"] == "locust is not installed"


def test_a_figure_has_a_value_or_the_reason_it_is_missing_never_both():
    with pytest.raises(ValueError):
        Figure(value=None, unit="ms")
    with pytest.raises(ValueError):
        Figure(value=3, unit="ms", missing="not measured")
    with pytest.raises(ValueError):
        Figure(value=3, unit="seconds")


def test_the_results_are_one_line_of_json_and_the_same_in_the_file(tmp_path):
    figures = {
        "bench_workers": measured(1000, "count"),
        "generate_synthetic_seconds": missing("s", "generate_synthetic does not exist yet"),
    }

    line = write_results(figures, tmp_path / "results" / "latest.json")

    assert "\n" not in line
    expected = {
        "bench_workers": {"value": 1000, "unit": "count"},
        "generate_synthetic_seconds": {
            "value": None,
            "unit": "s",
            "missing": "generate_synthetic does not exist yet",
        },
    }
    assert json.loads(line) == expected
    assert json.loads((tmp_path / "results" / "latest.json").read_text()) == expected


def test_the_table_shows_each_scenario_and_why_a_figure_is_missing():
    figures = {
        **page_figures("bare", BARE, None),
        **page_figures("head_audit", AUDIT, BARE),
        **bare_beside_figures("head_audit", BARE),
        "head_audit_queries": measured(12, "count"),
        **missing_page_figures("head_dashboard", "the head's dashboard does not exist yet"),
        "bench_workers": measured(1000, "count"),
    }

    lines = render_table(figures, ["bare", "head_audit", "head_dashboard"]).splitlines()

    audit_row = next(line for line in lines if line.startswith("head_audit"))
    assert audit_row.split() == [
        "head_audit",
        "12",
        "20",
        "45",
        "100.0",
        "0",
        "500.0",
        "4.5",
        "0.2",
        "0.3",
    ]
    dashboard_row = next(line for line in lines if line.startswith("head_dashboard"))
    assert dashboard_row.split() == ["head_dashboard", *["-"] * 9]
    assert "  head_dashboard: the head's dashboard does not exist yet" in lines
    assert any(line.split() == ["bench_workers", "1000", "count"] for line in lines)


def test_percentiles_are_nearest_rank():
    samples = [float(value) for value in range(100, 0, -1)]

    assert percentile(samples, 0.5) == 50
    assert percentile(samples, 0.95) == 95
    assert percentile([7.0], 0.95) == 7


@pytest.mark.django_db
def test_the_bare_view_answers_with_one_query_when_the_benchmark_turns_it_on(
    client, project_urls, django_assert_num_queries
):
    project_urls(enabled=True)
    serang = office("upt-serang")

    with django_assert_num_queries(1):
        response = client.get(reverse("bench:bare", args=[serang.pk]))

    assert response.status_code == 200
    assert serang.name in response.content.decode()


@pytest.mark.django_db
def test_the_bare_view_does_not_exist_unless_the_benchmark_turns_it_on(client, project_urls):
    project_urls(enabled=False)
    pk = office("upt-serang").pk

    with pytest.raises(NoReverseMatch):
        reverse("bench:bare", args=[pk])
    assert client.get(f"/bench/bare/{pk}/").status_code == 404


@pytest.mark.parametrize(("variable", "expected"), [(None, "False"), ("1", "True")])
def test_only_the_environment_variable_turns_the_bare_view_on(variable, expected):
    env = {key: value for key, value in os.environ.items() if key != "BENCH_BARE_VIEW"}
    if variable is not None:
        env["BENCH_BARE_VIEW"] = variable

    assert settings_in(env, "settings.BENCH_BARE_VIEW") == expected


def settings_in(env: dict[str, str], expression: str) -> str:
    """What the project's settings say, printed by a process started with `env`."""
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--verbosity=0",
            "-c",
            f"from django.conf import settings; print({expression})",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_embedded_run_serves_its_own_sqlite_file_with_tasks_in_process(tmp_path):
    from bench.embedded import embedded_environment

    environment = embedded_environment(
        {**ENV_WITHOUT_SERVICES, "DATABASE_URL": BENCH_DATABASE, "REDIS_URL": BENCH_REDIS},
        tmp_path / "embedded.sqlite3",
    )

    assert "REDIS_URL" not in environment
    shown = settings_in(
        environment,
        "settings.EMBEDDED, settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.DATABASES['default']['NAME']",
    )
    assert shown.split() == ["True", "True", str(tmp_path / "embedded.sqlite3")]


EMBEDDED_RUN = {"workers": 20000, "users": 20, "seconds": 10, "gunicorn_workers": 5}


def test_the_embedded_figures_are_their_own_with_ratios_to_the_embedded_bare_view(monkeypatch):
    from bench import run

    embedded_bare = LoadResult(
        requests=2000, failures=0, p50_ms=8, p95_ms=20, rps=200.0, loadgen_cpu_ratio=0.5
    )
    search = LoadResult(
        requests=300, failures=0, p50_ms=60, p95_ms=100, rps=30.0, loadgen_cpu_ratio=0.1
    )
    prepared = {
        "figures": {"synthetic_workers": {"value": 20000, "unit": "count"}},
        "context": {},
        "synthetic_missing": None,
    }
    monkeypatch.setattr(run, "prepare_embedded", lambda *args: prepared)
    monkeypatch.setattr(
        run,
        "embedded_loads",
        lambda *args: {"bare": embedded_bare, "counter_worker_search_name": search},
    )
    figures = as_json(run.run_embedded(run.Config(**EMBEDDED_RUN)))

    assert figures["embedded_synthetic_workers"] == {"value": 20000, "unit": "count"}
    assert figures["embedded_bare_p95_ms"] == {"value": 20, "unit": "ms"}
    assert figures["embedded_counter_worker_search_name_p95_ms"] == {"value": 100, "unit": "ms"}
    assert figures["embedded_counter_worker_search_name_p95_ratio_to_bare"] == {
        "value": 5.0,
        "unit": "ratio",
    }
    assert "counter_worker_search_name_p95_ms" not in figures


def test_the_embedded_figures_say_why_when_its_database_could_not_be_filled(monkeypatch):
    from bench import run

    monkeypatch.setattr(
        run, "prepare_embedded", lambda *args: {"error": "filling the SQLite database failed"}
    )
    figures = as_json(run.run_embedded(run.Config(**EMBEDDED_RUN)))

    assert figures["embedded_counter_worker_search_name_p95_ms"] == {
        "value": None,
        "unit": "ms",
        "missing": "filling the SQLite database failed",
    }


def test_bench_refuses_a_name_in_bench_only_that_it_does_not_measure():
    result = run_bench(
        DATABASE_URL=BENCH_DATABASE, REDIS_URL=BENCH_REDIS, BENCH_ONLY="dashboard,no_such_page"
    )

    assert result.returncode == 2
    assert "BENCH_ONLY" in result.stderr and "no_such_page" in result.stderr
    assert "dashboard," not in result.stderr.split("known:")[0]


def test_bench_only_measures_what_it_names_and_the_bare_view():
    from bench import run

    config = run.Config(**EMBEDDED_RUN, only=frozenset({"head_dashboard", "dashboard"}))

    assert config.skips("head_dashboard") is None
    assert config.skips("dashboard") is None
    assert config.skips(run.BARE) is None
    assert config.skips("counter_home") == "not in BENCH_ONLY"
    assert config.skips("mixed") == "not in BENCH_ONLY"
    assert run.Config(**EMBEDDED_RUN).skips("counter_home") is None


def test_a_run_limited_by_bench_only_reports_the_embedded_figures_missing(monkeypatch):
    from bench import run

    monkeypatch.setattr(run, "prepare_embedded", lambda *args: pytest.fail("not to be filled"))
    config = run.Config(**EMBEDDED_RUN, only=frozenset({"head_dashboard"}))

    figures = as_json(run.run_embedded(config))

    assert figures["embedded_counter_worker_search_name_p95_ms"] == {
        "value": None,
        "unit": "ms",
        "missing": "not in BENCH_ONLY",
    }


class FakeServer:
    url = "http://127.0.0.1:1"

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None

    def worker_rss_mb(self):
        return {1: 100.0}


def scripted_loads(monkeypatch, results: dict[str, LoadResult]) -> list[str]:
    """run_scenarios with a fake server, each load answering from `results` by its label; the
    labels in the order they were measured."""
    from bench import run

    measured_labels: list[str] = []

    def load(scenario, url, config, context_file, workdir, *, label=None):
        measured_labels.append(label or scenario.name)
        return results[label or scenario.name]

    monkeypatch.setattr(run, "Gunicorn", FakeServer)
    monkeypatch.setattr(run, "run_load", load)
    monkeypatch.setattr(run, "fresh_context_file", lambda context, path: path)
    return measured_labels


def test_each_page_is_compared_with_the_bare_view_measured_just_before_and_after_it(monkeypatch):
    from bench import run

    # The machine slows down during the run: the bare view serves 500 req/s first, 300 just
    # before the page and 200 just after it; the page is judged against the mean of the two.
    before = LoadResult(
        requests=3000, failures=0, p50_ms=6, p95_ms=15, rps=300.0, loadgen_cpu_ratio=0.9
    )
    after = LoadResult(
        requests=2000, failures=0, p50_ms=8, p95_ms=25, rps=200.0, loadgen_cpu_ratio=0.7
    )
    labels = scripted_loads(
        monkeypatch,
        {
            "bare": BARE,
            "bare_beside_head_audit": before,
            "head_audit": AUDIT,
            "bare_after_head_audit": after,
        },
    )
    config = run.Config(**EMBEDDED_RUN, only=frozenset({"head_audit"}))

    outcomes, beside, _ = run.run_scenarios(config, {}, None)
    figures = as_json(run.scenario_figures(outcomes, beside))

    assert labels == ["bare", "bare_beside_head_audit", "head_audit", "bare_after_head_audit"]
    assert figures["bare_rps"] == {"value": 500.0, "unit": "req/s"}
    assert figures["head_audit_bare_rps"] == {"value": 250.0, "unit": "req/s"}
    assert figures["head_audit_bare_p95_ms"] == {"value": 20.0, "unit": "ms"}
    assert figures["head_audit_rps_ratio_to_bare"] == {"value": 0.4, "unit": "ratio"}
    assert figures["head_audit_p95_ratio_to_bare"] == {"value": 2.25, "unit": "ratio"}
    assert figures["bare_rps_lowest"] == {"value": 200.0, "unit": "req/s"}
    assert figures["bare_rps_highest"] == {"value": 500.0, "unit": "req/s"}


def test_the_bare_view_after_a_page_is_the_one_before_the_next(monkeypatch):
    from bench import run

    between = LoadResult(
        requests=4000, failures=0, p50_ms=5, p95_ms=12, rps=400.0, loadgen_cpu_ratio=0.9
    )
    labels = scripted_loads(
        monkeypatch,
        {
            "bare": BARE,
            "bare_beside_head_audit": BARE,
            "head_audit": AUDIT,
            "bare_beside_analyst_audit": between,
            "analyst_audit": AUDIT,
            "bare_after_analyst_audit": between,
        },
    )
    config = run.Config(**EMBEDDED_RUN, only=frozenset({"head_audit", "analyst_audit"}))

    outcomes, beside, _ = run.run_scenarios(config, {}, None)
    figures = as_json(run.scenario_figures(outcomes, beside))

    assert labels == [
        "bare", "bare_beside_head_audit", "head_audit", "bare_beside_analyst_audit",
        "analyst_audit", "bare_after_analyst_audit",
    ]  # fmt: skip
    assert figures["head_audit_bare_rps"] == {"value": 450.0, "unit": "req/s"}
    assert figures["analyst_audit_bare_rps"] == {"value": 400.0, "unit": "req/s"}
    assert figures["analyst_audit_rps_ratio_to_bare"] == {"value": 0.25, "unit": "ratio"}


def test_a_page_whose_bare_view_beside_it_failed_has_no_ratio_and_says_why(monkeypatch):
    from bench import run

    failed = NotMeasured("the load process failed (exit 1)")
    scripted_loads(
        monkeypatch,
        {
            "bare": BARE,
            "bare_beside_head_audit": failed,
            "head_audit": AUDIT,
            "bare_after_head_audit": BARE,
        },
    )
    config = run.Config(**EMBEDDED_RUN, only=frozenset({"head_audit"}))

    outcomes, beside, _ = run.run_scenarios(config, {}, None)
    figures = as_json(run.scenario_figures(outcomes, beside))

    assert figures["head_audit_rps"] == {"value": 100.0, "unit": "req/s"}
    assert figures["head_audit_rps_ratio_to_bare"] == {
        "value": None,
        "unit": "ratio",
        "missing": "bare view: the load process failed (exit 1)",
    }


def test_a_skipped_page_costs_no_bare_measurement(monkeypatch):
    from bench import run

    labels = scripted_loads(monkeypatch, {"bare": BARE})
    config = run.Config(**EMBEDDED_RUN, only=frozenset({"nothing"}))

    outcomes, beside, _ = run.run_scenarios(config, {}, None)

    assert labels == ["bare"]
    assert beside == {}
    assert outcomes["head_audit"] == NotMeasured("not in BENCH_ONLY")
