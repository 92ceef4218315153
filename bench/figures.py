"""The figures of `make bench`: a measured value with its unit, or missing with the reason.

A figure that could not be measured stays missing (value null and the reason why); nothing
here ever fills one in.
"""

import json
import math
from dataclasses import dataclass
from pathlib import Path

UNITS = frozenset({"ms", "req/s", "1/s", "s", "ratio", "count", "commit", "MB"})
BARE = "bare"


@dataclass(frozen=True)
class Figure:
    value: float | int | str | None
    unit: str
    missing: str | None = None

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if (self.value is None) == (self.missing is None):
            raise ValueError("a figure has either a value or the reason it is missing")

    def as_json(self) -> dict:
        if self.value is None:
            return {"value": None, "unit": self.unit, "missing": self.missing}
        return {"value": self.value, "unit": self.unit}


def measured(value: float | int | str, unit: str) -> Figure:
    return Figure(value=value, unit=unit)


def missing(unit: str, reason: str) -> Figure:
    return Figure(value=None, unit=unit, missing=reason)


@dataclass(frozen=True)
class LoadResult:
    """What one scenario's measured window saw, after the logins and the warm-up."""

    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    rps: float
    loadgen_cpu_ratio: float
    first_error: str | None = None


@dataclass(frozen=True)
class NotMeasured:
    reason: str


@dataclass(frozen=True)
class MixedResult:
    """The mixed run: every role's scenarios together; the whole and each scenario."""

    total: LoadResult
    scenarios: dict[str, LoadResult]

    @classmethod
    def from_json(cls, result: dict) -> "MixedResult":
        result = dict(result)
        scenarios = result.pop("scenarios")
        loadgen = result["loadgen_cpu_ratio"]
        return cls(
            total=LoadResult(**result),
            scenarios={
                name: LoadResult(**figures, loadgen_cpu_ratio=loadgen, first_error=None)
                for name, figures in scenarios.items()
            },
        )


PAGE_UNITS = {
    "p50_ms": "ms",
    "p95_ms": "ms",
    "rps": "req/s",
    "failures": "count",
    "loadgen_cpu_ratio": "ratio",
}
RATIO_UNITS = {"p95_ratio_to_bare": "ratio", "rps_ratio_to_bare": "ratio"}


def _own_figures(outcome: LoadResult | NotMeasured) -> dict[str, Figure]:
    if isinstance(outcome, NotMeasured):
        return {key: missing(unit, outcome.reason) for key, unit in PAGE_UNITS.items()}
    figures = {
        "failures": measured(outcome.failures, "count"),
        "loadgen_cpu_ratio": measured(round(outcome.loadgen_cpu_ratio, 2), "ratio"),
    }
    # Latencies of failed requests time error pages, not the page: they would mislead.
    if outcome.requests == 0:
        reason = "no request completed in the measured window"
    elif outcome.failures:
        reason = f"{outcome.failures} of {outcome.requests} requests failed: {outcome.first_error}"
    else:
        reason = None
    for key, value in (
        ("p50_ms", outcome.p50_ms),
        ("p95_ms", outcome.p95_ms),
        ("rps", round(outcome.rps, 1)),
    ):
        unit = PAGE_UNITS[key]
        figures[key] = missing(unit, reason) if reason else measured(value, unit)
    return {key: figures[key] for key in PAGE_UNITS}


def ratio(own: Figure, base: Figure) -> Figure:
    """own / base, missing when either is, or when the base is zero."""
    if own.value is None:
        return missing("ratio", own.missing)
    if base.value is None:
        return missing("ratio", f"bare view: {base.missing}")
    if base.value == 0:
        return missing("ratio", "the bare view's figure is 0")
    return measured(round(own.value / base.value, 3), "ratio")


def page_figures(
    name: str,
    outcome: LoadResult | NotMeasured,
    bare: LoadResult | NotMeasured | None,
) -> dict[str, Figure]:
    """`<name>_p50_ms` and the rest; with `bare`, the ratios to the bare view too."""
    own = _own_figures(outcome)
    figures = {f"{name}_{key}": figure for key, figure in own.items()}
    if bare is not None:
        base = _own_figures(bare)
        figures[f"{name}_p95_ratio_to_bare"] = ratio(own["p95_ms"], base["p95_ms"])
        figures[f"{name}_rps_ratio_to_bare"] = ratio(own["rps"], base["rps"])
    return figures


def bare_mean(measurements: list[LoadResult | NotMeasured]) -> LoadResult | NotMeasured:
    """The bare view measured before a page and after it, as one: the mean of their req/s, p50,
    p95 and load generator's share, their requests and failures added up; not measured when one
    of them was not (its reason)."""
    for each in measurements:
        if isinstance(each, NotMeasured):
            return each
    if len(measurements) == 1:
        return measurements[0]
    count = len(measurements)
    return LoadResult(
        requests=sum(each.requests for each in measurements),
        failures=sum(each.failures for each in measurements),
        p50_ms=round(sum(each.p50_ms for each in measurements) / count, 1),
        p95_ms=round(sum(each.p95_ms for each in measurements) / count, 1),
        rps=sum(each.rps for each in measurements) / count,
        loadgen_cpu_ratio=sum(each.loadgen_cpu_ratio for each in measurements) / count,
        first_error=next((each.first_error for each in measurements if each.first_error), None),
    )


def bare_beside_figures(name: str, bare: LoadResult | NotMeasured) -> dict[str, Figure]:
    """`<name>_bare_rps`, `<name>_bare_p95_ms`: the bare view measured beside `name` (the mean of
    the one just before it and the one just after it), the figures its ratios are taken to."""
    base = _own_figures(bare)
    return {f"{name}_bare_rps": base["rps"], f"{name}_bare_p95_ms": base["p95_ms"]}


def bare_range_figures(outcomes: list[LoadResult | NotMeasured]) -> dict[str, Figure]:
    """`bare_rps_lowest`, `bare_rps_highest`: how far the bare view's req/s moved over the run
    (the machine's drift), over the measurements that completed without failures."""
    served = [
        figure.value
        for figure in (_own_figures(outcome)["rps"] for outcome in outcomes)
        if figure.value is not None
    ]
    if not served:
        reason = "the bare view was not measured without failures"
        return {
            "bare_rps_lowest": missing("req/s", reason),
            "bare_rps_highest": missing("req/s", reason),
        }
    return {
        "bare_rps_lowest": measured(min(served), "req/s"),
        "bare_rps_highest": measured(max(served), "req/s"),
    }


def memory_figures(
    start: dict[int, float], end: dict[int, float], reason: str | None = None
) -> dict[str, Figure]:
    """`web_worker_rss_start_mb`, `_end_mb`: the largest web worker's resident memory before the
    first scenario and after the last (each worker's, by pid, in `start` and `end`)."""
    figures = {}
    for key, memory in (("start", start), ("end", end)):
        name = f"web_worker_rss_{key}_mb"
        if memory:
            figures[name] = measured(max(memory.values()), "MB")
        else:
            figures[name] = missing("MB", reason or "no web worker was found")
    return figures


def mixed_figures(
    outcome: "MixedResult | NotMeasured",
    scenarios: list[str],
    memory_start: dict[int, float],
    memory_end: dict[int, float],
) -> dict[str, Figure]:
    """The mixed run's figures: its requests, errors and req/s, each scenario's p95 and each web
    worker's memory before and after (`mixed_web_worker_<n>_rss_start_mb`, workers numbered in
    the order of their pids)."""
    if isinstance(outcome, NotMeasured):
        figures = {
            "mixed_requests": missing("count", outcome.reason),
            "mixed_errors": missing("count", outcome.reason),
            "mixed_rps": missing("req/s", outcome.reason),
        }
        figures |= {f"mixed_{name}_p95_ms": missing("ms", outcome.reason) for name in scenarios}
    else:
        figures = {
            "mixed_requests": measured(outcome.total.requests, "count"),
            "mixed_errors": measured(outcome.total.failures, "count"),
            "mixed_rps": measured(round(outcome.total.rps, 1), "req/s"),
        }
        for name in scenarios:
            result = outcome.scenarios.get(name)
            if result is None or result.requests == 0:
                figures[f"mixed_{name}_p95_ms"] = missing("ms", "no request in the window")
            elif result.failures:
                reason = f"{result.failures} of {result.requests} requests failed"
                figures[f"mixed_{name}_p95_ms"] = missing("ms", reason)
            else:
                figures[f"mixed_{name}_p95_ms"] = measured(result.p95_ms, "ms")
    for number, pid in enumerate(sorted(memory_start), start=1):
        prefix = f"mixed_web_worker_{number}_rss"
        figures[f"{prefix}_start_mb"] = measured(memory_start[pid], "MB")
        if pid in memory_end:
            figures[f"{prefix}_end_mb"] = measured(memory_end[pid], "MB")
        else:
            figures[f"{prefix}_end_mb"] = missing("MB", "gunicorn replaced this worker")
    return figures


def missing_page_figures(name: str, reason: str) -> dict[str, Figure]:
    """Every figure of a page scenario that cannot run yet."""
    units = {**PAGE_UNITS, **RATIO_UNITS}
    return {f"{name}_{key}": missing(unit, reason) for key, unit in units.items()}


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest sample with `fraction` of them at or below it."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    return ordered[max(math.ceil(fraction * len(ordered)), 1) - 1]


def as_json(figures: dict[str, Figure]) -> dict[str, dict]:
    return {name: figure.as_json() for name, figure in figures.items()}


def write_results(figures: dict[str, Figure], path: Path) -> str:
    """Write the figures to `path` (indented) and return them as one line of JSON."""
    document = as_json(figures)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return json.dumps(document)


def _cell(figure: Figure | None) -> str:
    if figure is None or figure.value is None:
        return "-"
    return str(figure.value)


SCENARIO_COLUMNS = [
    ("queries", "queries"),
    ("p50 ms", "p50_ms"),
    ("p95 ms", "p95_ms"),
    ("req/s", "rps"),
    ("fail", "failures"),
    ("bare req/s", "bare_rps"),
    ("p95/bare", "p95_ratio_to_bare"),
    ("rps/bare", "rps_ratio_to_bare"),
    ("loadgen cpu", "loadgen_cpu_ratio"),
]


def render_table(figures: dict[str, Figure], scenarios: list[str]) -> str:
    """The scenarios as a grid, then every other figure, then why each missing one is."""
    rows = [["scenario", *(title for title, _ in SCENARIO_COLUMNS)]]
    in_grid = set()
    for scenario in scenarios:
        keys = [f"{scenario}_{key}" for _, key in SCENARIO_COLUMNS]
        in_grid.update(keys)
        rows.append([scenario, *(_cell(figures.get(key)) for key in keys)])
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]

    others = {name: figure for name, figure in figures.items() if name not in in_grid}
    width = max((len(name) for name in others), default=0)
    lines.append("")
    for name, figure in others.items():
        shown = f"{_cell(figure)} {figure.unit}" if figure.value is not None else "-"
        lines.append(f"{name.ljust(width)}  {shown}")

    reasons: dict[str, str] = {}
    for name, figure in figures.items():
        if figure.value is None:
            owner = next((s for s in scenarios if name.startswith(f"{s}_")), name)
            reasons.setdefault(owner, figure.missing)
    if reasons:
        lines.append("")
        lines.append("missing:")
        lines.extend(f"  {owner}: {reason}" for owner, reason in reasons.items())
    return "\n".join(lines)
